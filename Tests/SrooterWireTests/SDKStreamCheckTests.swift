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
            assert event.type == "response.completed"
            out = {"items": [i.type for i in final.output],
                   "tools": [[i.name, json.loads(i.arguments)] for i in final.output if i.type == "function_call"],
                   "text": final.output_text,
                   "usage": [final.usage.input_tokens, final.usage.input_tokens_details.cached_tokens, final.usage.output_tokens]}
        print(json.dumps(out, sort_keys=True, ensure_ascii=False))
        """#

    static var python: String {
        if let value = ProcessInfo.processInfo.environment["SROOTER_PYTHON"], !value.isEmpty { return value }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/venv/bin/python").path
    }

    /// Runs the SDK check on a translated stream (60 s limit) and returns its JSON summary.
    private func check(_ stream: String, from upstream: Wire, to client: Wire) throws -> JSONValue {
        let bytes = translateWhole(stream, from: upstream, to: client, options: StreamOptions(estimatedInputTokens: 1500, createdAt: 1764720100)).bytes
        let result = try CommandRunner.run("timeout", ["60", Self.python, "-c", Self.script, client.rawValue], stdin: String(decoding: bytes, as: UTF8.self))
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONText.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func anthropicSDKReadsChatAndResponsesTranslations() throws {
        #expect(try check(RecordedStreams.chat, from: .openAIChat, to: .anthropic) == JSONText.parse(#"""
            {"blocks":["text","tool_use","tool_use"],"tools":[["Bash",{"command":"ls"}],["Read",{"file_path":"a.txt"}]],"stop":"tool_use","usage":[176,1024,40]}
            """#))
        #expect(try check(RecordedStreams.responses, from: .openAIResponses, to: .anthropic) == JSONText.parse(#"""
            {"blocks":["thinking","text","tool_use"],"tools":[["exec_command",{"cmd":"ls -la"}]],"stop":"tool_use","usage":[500,2500,300]}
            """#))
    }

    @Test func openAIChatSDKReadsAnthropicAndResponsesTranslations() throws {
        #expect(try check(RecordedStreams.anthropic, from: .anthropic, to: .openAIChat) == JSONText.parse(#"""
            {"text":"Checking the date — one moment.","tools":[["Bash",{"command":"date -u"}],["Read",{"file_path":"/tmp/a.txt"}]],"stop":"tool_calls","usage":[2520,2048,89]}
            """#))
        #expect(try check(RecordedStreams.responses, from: .openAIResponses, to: .openAIChat) == JSONText.parse(#"""
            {"text":"I'll list the files — ok.","tools":[["exec_command",{"cmd":"ls -la"}]],"stop":"tool_calls","usage":[3000,2500,300]}
            """#))
    }

    @Test func openAIResponsesSDKReadsAnthropicAndChatTranslations() throws {
        #expect(try check(RecordedStreams.anthropic, from: .anthropic, to: .openAIResponses) == JSONText.parse(#"""
            {"items":["reasoning","message","function_call","function_call"],"tools":[["Bash",{"command":"date -u"}],["Read",{"file_path":"/tmp/a.txt"}]],"text":"Checking the date — one moment.","usage":[2520,2048,89]}
            """#))
        #expect(try check(RecordedStreams.chat, from: .openAIChat, to: .openAIResponses) == JSONText.parse(#"""
            {"items":["message","function_call","function_call"],"tools":[["Bash",{"command":"ls"}],["Read",{"file_path":"a.txt"}]],"text":"Let me look — now.","usage":[1200,1024,40]}
            """#))
    }
}
