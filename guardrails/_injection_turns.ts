/**
 * Turns of a faked dialogue: few-shot hijacks (answered turns, then an answer
 * left open for the model) and role lines ("Assistant: …") that open a turn
 * for the model rather than quote a conversation.
 *
 * @module
 */

// Turn labels of a faked dialogue, and an answer turn left open at the end for the model.
const TURN = /^[ \t>*-]*(?:q|a|user|human|bot|assistant|ai|model|question|answer)\s*:/gim;
const OPEN_ANSWER = /\n[ \t>*-]*(?:a|bot|assistant|ai|model|answer)\s*:\s*$/i;

/**
 * @param text The text.
 * @returns The lines of a few-shot hijack: two or more answered turns, then an answer left for
 * the model to give; none otherwise.
 */
export function fewShotTurns(text: string): { start: number; end: number }[] {
  if (!OPEN_ANSWER.test(text)) return [];
  const turns = [...text.matchAll(TURN)];
  const answers = turns.filter((m) =>
    /^[ \t>*-]*(?:a|bot|assistant|ai|model|answer)\s*:/i.test(m[0])
  );
  if (answers.length < 3) return [];
  return turns.map((m) => {
    const end = text.indexOf("\n", m.index);
    return { start: m.index, end: end < 0 ? text.length : end };
  });
}

// A dialogue in which the model speaks of its own setup is aimed at the model reading it.
const MODEL_TALK =
  /\b(?:your|my) (?:system prompt|instructions|system message|prompt|programming|guidelines|behaviou?r|configuration|config|restrictions|filters|hidden rules|rules)\b|\b(?:rules|instructions) (?:were )?you (?:were |have been )?given\b/i;
// Speakers a pasted conversation names; "system" and "developer" lines are never the user's.
const SPEAKER = /^[ \t>*#\-=]*(?:assistant|human)\s*:$/i;

/**
 * Whether a role line only quotes a speaker of a pasted conversation ("Assistant: sorry, let me
 * check."), rather than opening a turn for the model: a turn left empty, or a last line that
 * starts an answer for the model to go on with ("Assistant: Sure, here is"), opens one.
 *
 * @param marker The role marker matched ("Assistant:").
 * @param rest The text after the marker.
 * @param text The whole text, folded: a dialogue about the model's own setup is never quoted.
 * @returns Whether the line is a quoted speaker.
 */
export function isQuotedSpeaker(marker: string, rest: string, text: string): boolean {
  if (!SPEAKER.test(marker.trim()) || MODEL_TALK.test(text)) return false;
  const newline = rest.indexOf("\n");
  const line = (newline < 0 ? rest : rest.slice(0, newline)).trim();
  const last = newline < 0 || rest.slice(newline).trim() === "";
  if (line === "") return !last;
  return !(last && !/[.!?)"'”’]$/.test(line));
}

/**
 * @param text The text.
 * @returns Every turn line of a pasted dialogue in which an assistant speaks of the model's own
 * setup ("My instructions say I must not tell"), so that none of its turns is left behind.
 */
export function modelDialogue(text: string): { start: number; end: number }[] {
  const turns = [...text.matchAll(TURN)];
  if (turns.length < 2 || !MODEL_TALK.test(text)) return [];
  if (!turns.some((m) => /(?:bot|assistant|ai|model|a)\s*:$/i.test(m[0].trim()))) return [];
  return turns.map((m) => {
    const end = text.indexOf("\n", m.index);
    return { start: m.index, end: end < 0 ? text.length : end };
  });
}
