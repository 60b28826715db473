import Foundation
import SrooterTestSupport
import SrooterWire
import Testing

/// The official `anthropic` and `openai` Python SDKs (in `.build/venv`, made by `make deps`) read
/// translated streams: every event must validate against the SDK's typed models (pydantic,
/// strict validation, not the lenient construct), and the SDK's own accumulator must rebuild
/// the final message with the tool calls' arguments whole.
@Suite struct SDKStreamCheckTests {
    static let script = #"""
        import json, sys
        import pydantic
        wire = sys.argv[1]
        frames = []
        for block in sys.stdin.read().split("\n\n"):
            if not block.strip():
                continue
            name, data = None, None
            for line in block.split("\n"):
                if line.startswith("event: "): name = line[7:]
                if line.startswith("data: "): data = line[6:]
            frames.append((name, data))
        out = {}
        if wire == "anthropic":
            from anthropic.types import RawMessageStreamEvent
            from anthropic.lib.streaming._messages import accumulate_event
            adapter = pydantic.TypeAdapter(RawMessageStreamEvent)
            snapshot, bufs = None, {}
            for name, data in frames:
                event = adapter.validate_python(json.loads(data))
                assert event.type == name, (event.type, name)
                snapshot = accumulate_event(event=event, current_snapshot=snapshot, json_bufs=bufs)
            out = {"blocks": [b.type for b in snapshot.content],
                   "tools": [[b.name, b.input] for b in snapshot.content if b.type == "tool_use"],
                   "stop": snapshot.stop_reason,
                   "usage": [snapshot.usage.input_tokens, snapshot.usage.cache_read_input_tokens, snapshot.usage.output_tokens]}
        elif wire == "openai-chat":
            from openai.types.chat import ChatCompletionChunk
            from openai.lib.streaming.chat import ChatCompletionStreamState
            state = ChatCompletionStreamState()
            assert frames[-1][1] == "[DONE]"
            usage = None
            for name, data in frames[:-1]:
                chunk = ChatCompletionChunk.model_validate(json.loads(data))
                if chunk.usage: usage = chunk.usage
                state.handle_chunk(chunk)
            final = state.get_final_completion()
            message = final.choices[0].message
            out = {"text": message.content,
                   "tools": [[c.function.name, json.loads(c.function.arguments)] for c in (message.tool_calls or [])],
                   "stop": final.choices[0].finish_reason,
                   "usage": [usage.prompt_tokens, usage.prompt_tokens_details.cached_tokens, usage.completion_tokens]}
        elif wire.startswith("reply-"):
            body = json.loads(sys.stdin.read() if False else frames[0][1])
            if wire == "reply-anthropic":
                from anthropic.types import Message
                message = Message.model_validate(body)
                out = {"blocks": [b.type for b in message.content], "stop": message.stop_reason}
            elif wire == "reply-openai-chat":
                from openai.types.chat import ChatCompletion
                completion = ChatCompletion.model_validate(body)
                out = {"tools": [c.function.name for c in completion.choices[0].message.tool_calls or []], "stop": completion.choices[0].finish_reason}
            else:
                from openai.types.responses import Response
                response = Response.model_validate(body)
                out = {"items": [i.type for i in response.output], "status": response.status}
        else:
            from openai.types.responses import ResponseStreamEvent
            from openai.lib.streaming.responses._responses import ResponseStreamState
            from openai import omit
            adapter = pydantic.TypeAdapter(ResponseStreamEvent)
            state = ResponseStreamState(input_tools=omit, text_format=omit)
            for name, data in frames:
                event = adapter.validate_python(json.loads(data))
                assert event.type == name, (event.type, name)
                state.handle_event(event)
            final = event.response
            if event.type == "response.failed":
                print(json.dumps({"failed": final.error.message, "code": final.error.code}))
                sys.exit(0)
            assert event.type == "response.completed"
            out = {"items": [i.type for i in final.output],
                   "tools": [[i.name, json.loads(i.arguments)] for i in final.output if i.type == "function_call"],
                   "text": final.output_text,
                   "usage": [final.usage.input_tokens, final.usage.input_tokens_details.cached_tokens, final.usage.output_tokens]}
        print(json.dumps(out, sort_keys=True, ensure_ascii=False))
        """#

    /// Runs the SDK check on a translated stream (under `CommandRunner`'s time limit) and returns its JSON summary.
    private func check(_ stream: String, from upstream: Wire, to client: Wire) async throws -> JSONValue {
        let bytes = translateWhole(stream, from: upstream, to: client, options: StreamOptions(estimatedInputTokens: 1500, createdAt: 1764720100)).bytes
        let result = try await CommandRunner.run(PythonScript.python, ["-c", Self.script, client.rawValue], stdin: String(decoding: bytes, as: UTF8.self))
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONText.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A non-streamed body, given to the script as the data of one frame.
    private func checkReply(_ body: String, from upstream: Wire, to client: Wire) async throws -> JSONValue {
        let out = try ReplyTranslator.translate(Array(body.utf8), from: upstream, to: client, options: StreamOptions(createdAt: 1764720100))
        let result = try await CommandRunner.run(PythonScript.python, ["-c", Self.script, "reply-\(client.rawValue)"], stdin: "data: " + String(decoding: out.body, as: UTF8.self) + "\n\n")
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONText.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func sdksReadTranslatedReplies() async throws {
        let anthropic = #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[{"type":"text","text":"Hi"},{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"ls"}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":4}}"#
        let chat = #"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4.1","choices":[{"index":0,"message":{"role":"assistant","content":"Hi","reasoning_content":"hm","tool_calls":[{"id":"call_1","type":"function","function":{"name":"Bash","arguments":"{\"command\":\"ls\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}"#
        #expect(try await checkReply(anthropic, from: .anthropic, to: .openAIChat) == JSONText.parse(#"{"tools":["Bash"],"stop":"tool_calls"}"#))
        #expect(try await checkReply(anthropic, from: .anthropic, to: .openAIResponses) == JSONText.parse(#"{"items":["message","function_call"],"status":"completed"}"#))
        #expect(try await checkReply(chat, from: .openAIChat, to: .anthropic) == JSONText.parse(#"{"blocks":["thinking","text","tool_use"],"stop":"tool_use"}"#))
    }

    @Test func anthropicSDKReadsChatAndResponsesTranslations() async throws {
        #expect(try await check(RecordedStreams.chat, from: .openAIChat, to: .anthropic) == JSONText.parse(#"""
            {"blocks":["text","tool_use","tool_use"],"tools":[["Bash",{"command":"ls"}],["Read",{"file_path":"a.txt"}]],"stop":"tool_use","usage":[176,1024,40]}
            """#))
        #expect(try await check(RecordedStreams.responses, from: .openAIResponses, to: .anthropic) == JSONText.parse(#"""
            {"blocks":["thinking","text","tool_use"],"tools":[["exec_command",{"cmd":"ls -la"}]],"stop":"tool_use","usage":[500,2500,300]}
            """#))
    }

    @Test func openAIChatSDKReadsAnthropicAndResponsesTranslations() async throws {
        #expect(try await check(RecordedStreams.anthropic, from: .anthropic, to: .openAIChat) == JSONText.parse(#"""
            {"text":"Checking the date — one moment.","tools":[["Bash",{"command":"date -u"}],["Read",{"file_path":"/tmp/a.txt"}]],"stop":"tool_calls","usage":[2520,2048,89]}
            """#))
        #expect(try await check(RecordedStreams.responses, from: .openAIResponses, to: .openAIChat) == JSONText.parse(#"""
            {"text":"I'll list the files — ok.","tools":[["exec_command",{"cmd":"ls -la"}]],"stop":"tool_calls","usage":[3000,2500,300]}
            """#))
    }

    /// A provider error mid-stream reaches a Responses client as events the SDK accepts (`error`, `response.failed`).
    @Test func openAIResponsesSDKReadsTranslatedFailure() async throws {
        let stream = RecordedStreams.sse([
            ("message_start", #"{"type":"message_start","message":{"id":"msg_3","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#),
            ("error", #"{"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}}"#),
        ])
        #expect(try await check(stream, from: .anthropic, to: .openAIResponses) == JSONText.parse(#"{"failed":"Slow down","code":"rate_limit_exceeded"}"#))
    }

    @Test func openAIResponsesSDKReadsAnthropicAndChatTranslations() async throws {
        #expect(try await check(RecordedStreams.anthropic, from: .anthropic, to: .openAIResponses) == JSONText.parse(#"""
            {"items":["reasoning","message","function_call","function_call"],"tools":[["Bash",{"command":"date -u"}],["Read",{"file_path":"/tmp/a.txt"}]],"text":"Checking the date — one moment.","usage":[2520,2048,89]}
            """#))
        #expect(try await check(RecordedStreams.chat, from: .openAIChat, to: .openAIResponses) == JSONText.parse(#"""
            {"items":["message","function_call","function_call"],"tools":[["Bash",{"command":"ls"}],["Read",{"file_path":"a.txt"}]],"text":"Let me look — now.","usage":[1200,1024,40]}
            """#))
    }
}
