/**
 * Replaying recorded model sessions: a folder of `req-NNNN.json` /
 * `ans-NNNN.json` pairs played back through the whole pipeline with the
 * `openai` provider and a loopback server, so a real model's session is a
 * regression test (`deno task replay`).
 *
 * @module
 */
export { type CallKind, loadRecording, type RecordedCall, type Recording } from "./recording.ts";
export { type ReplayServer, type ServedCall, startReplayServer } from "./server.ts";
export { type ReplayOptions, replayRecording, type ReplayResult } from "./run.ts";
export { formatReplay, type ReplaySummary, summariseReplay } from "./present.ts";
