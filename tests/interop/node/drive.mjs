// Drive OTP's MCP server with the official TypeScript SDK client — the client Claude Code and
// most agent hosts are built on. It validates every structured result against the tool's
// output schema (even when isError is set), so a result OTP shapes wrongly shows up here as a
// thrown McpError instead of an answer.
//
// Usage: node drive.mjs PLAN.json   (prints one JSON report on stdout)
// PLAN: {transport: "http", url, token} or {transport: "stdio", command, args, env},
//       calls: [{tool, args}], prompts: [{name, args}]
// An argument written "$<tool>.<path>" takes that value from an earlier call's structured content
// (e.g. "$create_todo.result.id").
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));

function transportOf(plan) {
  if (plan.transport === "http") {
    return new StreamableHTTPClientTransport(new URL(plan.url), {
      requestInit: { headers: { Authorization: `Bearer ${plan.token}` } },
    });
  }
  return new StdioClientTransport({ command: plan.command, args: plan.args, env: plan.env, stderr: "ignore" });
}

const earlier = {};
function resolve(value) {
  if (typeof value === "string" && value.startsWith("$")) {
    const [tool, ...path] = value.slice(1).split(".");
    return path.reduce((v, key) => (v == null ? v : v[key]), earlier[tool]);
  }
  if (Array.isArray(value)) return value.map(resolve);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  return value;
}

const client = new Client({ name: "otp-interop-typescript", version: "1.0.0" });
const transport = transportOf(plan);
await client.connect(transport);
const report = {
  protocolVersion: transport.protocolVersion ?? null,
  server: client.getServerVersion(),
  tools: (await client.listTools()).tools.map((t) => t.name),
  calls: [],
  prompts: [],
};
for (const { tool, args } of plan.calls ?? []) {
  const entry = { tool, args: resolve(args) };
  try {
    const result = await client.callTool({ name: tool, arguments: entry.args });
    entry.isError = Boolean(result.isError);
    entry.structuredContent = result.structuredContent ?? null;
    entry.text = (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join(" ");
    if (!entry.isError) earlier[tool] = result.structuredContent;
  } catch (error) {
    entry.threw = `${error.name}: ${error.message}`;
  }
  report.calls.push(entry);
}
if (plan.prompts) {
  report.promptNames = (await client.listPrompts()).prompts.map((p) => p.name);
  for (const { name, args } of plan.prompts) {
    const got = await client.getPrompt({ name, arguments: args ?? {} });
    report.prompts.push({ name, messages: got.messages });
  }
}
await client.close();
process.stdout.write(JSON.stringify(report));
