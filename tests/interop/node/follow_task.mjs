// Follow one tool call as an MCP task (protocol 2025-11-25) with the official TypeScript SDK client:
// client.experimental.tasks.callToolStream sends `task` in tools/call, then polls tasks/get and
// fetches tasks/result, validating the final structured content against the tool's output schema.
//
// Usage: node follow_task.mjs PLAN.json
// PLAN: {transport: "http", url, token} or {transport: "stdio", command, args, env}, tool, arguments
// Prints one JSON line per event as it happens — {"connected": {...}} first, then each message of
// the stream ({type: "taskCreated" | "taskStatus" | "result" | "error", ...}) — so the caller can
// act (decide the approval) while the client is still following the task.
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const say = (event) => process.stdout.write(JSON.stringify(event) + "\n");

const transport = plan.transport === "http"
  ? new StreamableHTTPClientTransport(new URL(plan.url), {
      requestInit: { headers: { Authorization: `Bearer ${plan.token}` } },
    })
  : new StdioClientTransport({ command: plan.command, args: plan.args, env: plan.env, stderr: "ignore" });

const client = new Client({ name: "otp-interop-tasks", version: "1.0.0" });
await client.connect(transport);
const tools = (await client.listTools()).tools;
say({
  connected: {
    protocolVersion: transport.protocolVersion ?? null,
    tasks: client.getServerCapabilities()?.tasks ?? null,
    taskSupport: Object.fromEntries(tools.filter((t) => t.execution).map((t) => [t.name, t.execution.taskSupport])),
  },
});
for await (const message of client.experimental.tasks.callToolStream({ name: plan.tool, arguments: plan.arguments })) {
  if (message.type === "error") say({ type: "error", error: `${message.error.name}: ${message.error.message}` });
  else say(message);
}
await client.close();
