"""Lists and calls every Cortex tool through srooter's /mcp with the official MCP Python SDK.

Usage: mcp_cortex_check.py URL ACCESS_KEY REPO ; prints one JSON object: the tool names and each
tool's answer text (or the error raised), for the Swift test to check.
"""
import asyncio
import json
import sys

from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


async def main(url: str, key: str, repo: str) -> None:
    out = {}
    client = create_mcp_http_client(headers={"Authorization": f"Bearer {key}"})
    async with client:
        async with streamable_http_client(url, http_client=client) as (read, write):
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                out["server"] = init.server_info.name if hasattr(init, "server_info") else init.serverInfo.name
                tools = await session.list_tools()
                out["tools"] = sorted(tool.name for tool in tools.tools)
                calls = {
                    "cortex_search": {"repo": repo, "name": "helperScale"},
                    "cortex_map": {"repo": repo, "focus": ["Sources/App/main.swift"], "budget": 400},
                    "cortex_neighbours": {"repo": repo, "symbol": "helperScale"},
                    "cortex_path": {"repo": repo, "from": "Sources/Shapes/Circle.swift", "to": "Sources/Shapes/Helpers.swift"},
                    "other_repo": {"repo": "secret-repo", "name": "hidden"},
                }
                for name, arguments in calls.items():
                    tool = "cortex_search" if name == "other_repo" else name
                    result = await session.call_tool(tool, arguments)
                    error = result.is_error if hasattr(result, "is_error") else result.isError
                    out[name] = {"error": bool(error), "text": "".join(part.text for part in result.content)}
    print(json.dumps(out))


asyncio.run(main(*sys.argv[1:4]))
