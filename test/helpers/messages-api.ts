// A scripted stand-in for the Anthropic Messages API on 127.0.0.1, for driving the real Claude Code
// without a model: each conversation request is answered with the next scripted assistant turn (tool
// calls, then text), and every request is recorded so a test can read what Claude Code sent back
// (tool results, denials, expanded skill bodies). Claude Code streams (SSE) its requests; plain JSON is
// answered too. Only POST /v1/messages is served: anything else is recorded and answered 404, so a
// new kind of request shows up in `requests` instead of passing unnoticed.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ToolCall {
  name: string;
  input: Record<string, unknown>;
}

/** One assistant turn: tool calls (answered by Claude Code in the next request), or a final text. */
export type Turn = { tools: ToolCall[]; text?: string } | { text: string };

/** A turn, or a function that reads the request it answers (e.g. to follow an expanded skill body). */
export type ScriptStep = Turn | ((request: MessagesRequest) => Turn);

export interface ContentBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
  is_error?: boolean;
}

export interface Message {
  role: "user" | "assistant";
  content: string | ContentBlock[];
}

export interface MessagesRequest {
  model: string;
  stream?: boolean;
  system?: unknown;
  tools?: { name: string }[];
  messages: Message[];
}

export interface RecordedRequest {
  method: string;
  url: string;
  body: MessagesRequest | undefined;
  /** The scripted turn sent back, when the request was a conversation turn. */
  answered?: Turn;
}

export interface ToolResult {
  toolUseId: string;
  /** The name of the tool call it answers (from the stand-in's own script). */
  tool: string;
  input: Record<string, unknown>;
  text: string;
  isError: boolean;
}

export interface MessagesApi {
  /** For ANTHROPIC_BASE_URL. */
  url: string;
  /** Replaces the script; the next conversation request gets the first step. */
  script(steps: readonly ScriptStep[]): void;
  requests: RecordedRequest[];
  /** Every tool result Claude Code sent back, in order, paired with the call it answers. */
  toolResults(): ToolResult[];
  /** Steps of the script not yet served (a test that expects the whole script played asserts 0). */
  pending(): number;
  close(): Promise<void>;
}

/** Text of a content value as Claude Code sends it (a string or a list of blocks). */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block: ContentBlock) => {
      if (typeof block === "string") return block;
      if (block.type === "text") return block.text ?? "";
      if (block.type === "tool_result") return textOf(block.content);
      return "";
    })
    .join("\n");
}

/** All text a model would read in a request: the system prompt and the user turns (prompts, skill bodies, tool results). */
export function conversationText(request: MessagesRequest): string {
  return [
    textOf(request.system),
    ...request.messages.filter((m) => m.role === "user").map((m) => textOf(m.content)),
  ].join("\n");
}

/**
 * How the request's instructions (a skill or command body, an agent's system prompt) say to run the
 * devops CLI before `subcommand` (any subcommand when not given): e.g. `devops` or
 * `node "/plugin/dist/cli.js"` for "infra deploy". A
 * script step that follows the plugin's own markdown, as a model would; throws when the markdown names
 * no such invocation.
 */
export function invocationBefore(request: MessagesRequest, subcommand?: string): string {
  const escaped = subcommand === undefined ? "[a-z][\\w-]*" : subcommand.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const spans = conversationText(request).matchAll(new RegExp(`\`([^\`\n]*?)\\s+${escaped}\\b`, "g"));
  // The program is the CLI itself: its bin name or its bundle, possibly by path and quoted.
  const found = [...spans]
    .map((match) => (match[1] ?? "").trim())
    .find((prefix) => /(?:devops|cli\.js)"?$/.test(prefix));
  if (found === undefined)
    throw new Error(
      `the request's instructions show no way to run ${subcommand === undefined ? "the devops CLI" : `"${subcommand}"`}`,
    );
  return found;
}

const FINAL_TEXT = "Done.";

export async function startMessagesApi(): Promise<MessagesApi> {
  const requests: RecordedRequest[] = [];
  const calls = new Map<string, ToolCall>();
  let steps: ScriptStep[] = [];
  let served = 0;
  let nextId = 1;

  const turnFor = (body: MessagesRequest): Turn => {
    // A request without tools is a side query (a title, a summary), not the conversation: it must not
    // consume the script.
    if (!Array.isArray(body.tools) || body.tools.length === 0) return { text: FINAL_TEXT };
    const step = steps[served];
    if (step === undefined) return { text: FINAL_TEXT };
    served++;
    return typeof step === "function" ? step(body) : step;
  };

  const handle = (request: IncomingMessage, response: ServerResponse, raw: string) => {
    let body: MessagesRequest | undefined;
    try {
      body = raw === "" ? undefined : (JSON.parse(raw) as MessagesRequest);
    } catch {
      body = undefined;
    }
    const record: RecordedRequest = { method: request.method ?? "", url: request.url ?? "", body };
    requests.push(record);
    const path = (request.url ?? "").split("?")[0];
    if (request.method !== "POST" || path !== "/v1/messages" || body === undefined) {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ type: "error", error: { type: "not_found_error", message: "not scripted" } }));
      return;
    }
    let turn: Turn;
    try {
      turn = turnFor(body);
    } catch (error) {
      // A script step that cannot find what it reads: end the conversation, saying why.
      turn = { text: `SCRIPT ERROR: ${(error as Error).message}` };
    }
    record.answered = turn;
    const blocks: ContentBlock[] = [];
    if (turn.text !== undefined) blocks.push({ type: "text", text: turn.text });
    for (const call of "tools" in turn ? turn.tools : []) {
      const id = `toolu_standin_${String(nextId++).padStart(4, "0")}`;
      calls.set(id, call);
      blocks.push({ type: "tool_use", id, name: call.name, input: call.input });
    }
    const stopReason = "tools" in turn && turn.tools.length > 0 ? "tool_use" : "end_turn";
    const message = {
      id: `msg_standin_${requests.length}`,
      type: "message",
      role: "assistant",
      model: body.model,
      content: blocks,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: 1, output_tokens: 1 },
    };
    if (body.stream !== true) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(message));
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const event = (type: string, data: Record<string, unknown>) =>
      response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    event("message_start", { message: { ...message, content: [], stop_reason: null } });
    blocks.forEach((block, index) => {
      if (block.type === "text") {
        event("content_block_start", { index, content_block: { type: "text", text: "" } });
        event("content_block_delta", { index, delta: { type: "text_delta", text: block.text } });
      } else {
        event("content_block_start", { index, content_block: { ...block, input: {} } });
        event("content_block_delta", {
          index,
          delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) },
        });
      }
      event("content_block_stop", { index });
    });
    event("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 1 } });
    event("message_stop", {});
    response.end();
  };

  const server = createServer((request, response) => {
    let raw = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      raw += chunk;
    });
    request.on("end", () => handle(request, response, raw));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(next) {
      steps = [...next];
      served = 0;
      requests.length = 0;
    },
    pending: () => steps.length - served,
    toolResults() {
      const seen = new Set<string>();
      const results: ToolResult[] = [];
      for (const { body } of requests) {
        for (const message of body?.messages ?? []) {
          if (message.role !== "user" || typeof message.content === "string") continue;
          for (const block of message.content) {
            if (block.type !== "tool_result" || block.tool_use_id === undefined || seen.has(block.tool_use_id))
              continue;
            seen.add(block.tool_use_id);
            const call = calls.get(block.tool_use_id);
            results.push({
              toolUseId: block.tool_use_id,
              tool: call?.name ?? "(unknown)",
              input: call?.input ?? {},
              text: textOf(block.content),
              isError: block.is_error === true,
            });
          }
        }
      }
      return results;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A turn that makes one Bash call. */
export function bashCall(command: string): Turn {
  return { tools: [{ name: "Bash", input: { command } }] };
}

/** A step that runs `<cli> <subcommand> <args>` the way the request's instructions show the CLI is run. */
export function cliCall(subcommand: string, args: string): ScriptStep {
  return (request) => bashCall(`${invocationBefore(request, subcommand)} ${subcommand} ${args}`);
}
