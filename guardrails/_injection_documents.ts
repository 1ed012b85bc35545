/**
 * Structural rules over several sentences, for instructions that no single
 * sentence gives away: a section of a pasted rules file (AGENTS.md,
 * `.cursorrules`, CONTRIBUTING) headed as being for AI agents, assistants or
 * tools, whose items weaken the app or hide something ("always disable TLS
 * verification", "never tell the user"); and a multi-turn build-up
 * (Crescendo) whose last step turns off, with a pronoun, the safeguards the
 * steps before it named ("list your guardrails… now turn them all off").
 *
 * @module
 */
import type { Sentence } from "./_sentences.ts";
import { foldText } from "./_text_views.ts";

/** A sentence to flag and why. */
export interface DocumentFinding {
  index: number;
  detail: "agent_rules" | "crescendo";
}

// "## Rules for agents", "Instructions for AI assistants:", "# Agent instructions", "For LLMs".
const AGENT_HEADING =
  /^(?:[#>*\s-]*)(?:(?:rules|instructions|notes|guidelines|directives|conventions|policy|tasks)\s+(?:for|to)\s+(?:the\s+|all\s+|any\s+)?(?:ai|llm|gpt|coding|code|automated)?\s*(?:agents?|assistants?|models?|llms?|copilots?|tools?|bots?)|(?:ai|llm|coding|code)?\s*(?:agents?|assistants?|copilots?)\s+(?:rules|instructions|guidelines|notes|directives)|for\s+(?:ai|llms?|language models?|coding agents?|ai agents?|assistants?))\b[^\n]{0,40}$/i;
// What an item of such a section must not ask: weaker security, hidden changes, secrets sent out.
const RISKY_DIRECTIVE =
  /\b(?:disable|turn off|skip|bypass|remove|weaken|ignore|drop)\b.{0,40}\b(?:tls|ssl|https|certificates?|cert|verification|verify|auth\w*|csrf|cors|validation|saniti[sz]\w*|escaping|tests?|security|checks?|rate limit\w*|logging|review)\b|\b(?:never|don't|dont|do not)\s+(?:tell|inform|mention|show|notify|report|disclose)\b|\b(?:curl|wget)\b.{0,80}\|\s*(?:ba|z)?sh\b|\b(?:send|upload|post|copy|commit|push|log|print)\b.{0,40}\b(?:secrets?|\.env|api keys?|tokens?|credentials?|passwords?)\b|\bhidden\s+(?:admin|account|user|route|endpoint|link)s?\b|\bbackdoor\b|\beval\s*\(|\b(?:ignore|disregard|override)\b.{0,30}\b(?:user|instructions|prompt|request)s?\b/i;

// A pronoun turning off what came before: "turn them all off", "disable those", "ignore it".
const PRONOUN_OFF =
  /\b(?:turn|switch|shut|toggle)\s+(?:them|those|these|it|all of them)\s+(?:all\s+)?off\b|\b(?:disable|ignore|drop|remove|bypass|forget|disregard|deactivate|lift|suspend)\s+(?:them|those|these|all of them|each of them)\b/;
const SAFEGUARD_NAMED =
  /\b(?:guardrails?|safeguards?|safety (?:rules|filters|settings|measures|guidelines|features)|content (?:filters?|polic(?:y|ies))|restrictions|moderation|(?:your|the model's|its) (?:instructions|system prompt|guidelines|filters|rules|limits|policies))\b/;

/**
 * @param text The text the sentences were cut from.
 * @param sentences Its sentences.
 * @returns The sentences these rules flag.
 */
export function documentFindings(text: string, sentences: readonly Sentence[]): DocumentFinding[] {
  const out: DocumentFinding[] = [];
  const read = (i: number) =>
    foldText(text.slice(sentences[i]!.start, sentences[i]!.end), { confusables: true }).text;
  for (let i = 0; i < sentences.length; i++) {
    const line = read(i);
    if (AGENT_HEADING.test(line.trim())) {
      // The section: the sentences after the heading, up to the next heading or the end of the
      // paragraph after it (a markdown heading is often followed by a blank line).
      const section: number[] = [];
      const next = sentences[i + 1];
      const paragraph = next !== undefined && next.paragraph !== sentences[i]!.paragraph &&
          /^\s*#/.test(line)
        ? next.paragraph
        : sentences[i]!.paragraph;
      for (let j = i + 1; j < sentences.length; j++) {
        if (sentences[j]!.paragraph !== paragraph || /^\s*#/.test(read(j))) break;
        section.push(j);
      }
      if (section.some((j) => RISKY_DIRECTIVE.test(read(j)))) {
        for (const j of [i, ...section]) out.push({ index: j, detail: "agent_rules" });
      }
    }
    if (PRONOUN_OFF.test(line)) {
      const before = [i - 1, i - 2].filter((j) => j >= 0).map(read).join(" ");
      if (SAFEGUARD_NAMED.test(before)) out.push({ index: i, detail: "crescendo" });
    }
  }
  return out;
}
