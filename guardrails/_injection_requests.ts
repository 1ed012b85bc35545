/**
 * More of what an injected sentence asks, beside `_injection_intents.ts`:
 * requests aimed at the job or at the app it generates rather than at the
 * reply — a backdoor or an eval route, the review or the sanitiser turned
 * off, data carried out in a URL, the job's budget spent elsewhere — and
 * wider forms of the prompt leak ("the instructions you were given", "the
 * first three sentences of this conversation"), of the goal switch ("change
 * of plan", "output nothing else") and of text addressed to the generator.
 * Each needs an object that only an instruction to the model has, so that
 * app features ("a webhook tester", "skip the intro", "CORS for our domain")
 * pass.
 *
 * @module
 */
import { en, gap, type IntentPattern, other } from "./_injection_grammar.ts";

const G = gap(80);
// Where an imperative starts: the sentence's start, a colon, "and", "now", "please".
const S_START = "(?:^|[:;,]\\s*|\\b(?:and|then|now|please|just)\\s+)";
const AI =
  "(?:ai|assistant|model|llm|chatbot|bot|agent|gpt|chatgpt|planner|code generator|generator|automated (?:tools?|agents?|systems?|assistants?|readers?)|ai (?:tools?|agents?|models?|assistants?))";
const TARGET =
  "(?:https?://|www\\.|\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b|(?<![\\w.])(?:[a-z0-9-]+\\.)+(?:example|test|invalid)\\b)";
// Data an attacker wants carried out of the job or the app.
const LOOT =
  "(?:os\\.environ|process\\.env|document\\.cookie|environment variables?|env vars?|cookies?|passwords?|\\bpw=|api keys?|secrets?|tokens?|credentials|(?:your|the|my) (?:instructions|prompt|system prompt)|previous jobs|every user'?s?|all users'?|user'?s? (?:email|password)s?|base64 of|conversation|chat history)";
const CARRY =
  "(?:send|sends|post|posts|upload|forward|transmit|exfiltrate|beacon|pixel|image|img|load|loads|pointing at|followed by|query string|append(?:ed)?|plus|include|src=)";
const CONTROL =
  "(?:review gate|human review|code review|security review|input sani[st]i[sz]er|sani[st]i[sz]er|sani[st]i[sz]ation|safety checks?|security checks?|guardrails?|content filters?|validation|validator)";

/** English request intents, run on every reading like the other English intents. */
export const ENGLISH_REQUESTS: readonly IntentPattern[] = [
  // Leak: what the model was given, named by how it got it.
  en(
    "prompt_leak",
    `\\b(?:instructions?|prompts?|messages?|rules|guidelines|directives|configuration|setup|polic(?:y|ies)|constraints|restrictions)\\b (?:that )?you (?:yourself |themselves )?(?:(?:were |have been |'ve been |had been )?(?:given|received|got|sent|shown|provided with|started with|loaded with|initiali[sz]ed with|configured with|booted with)|(?:operate|run|work|act|function) under|are (?:bound|governed|running) by)\\b`,
  ),
  en(
    "prompt_leak",
    `\\b(?:system|developer|planner|generator|orchestrator|validator|hidden|initial|original)(?: (?:and|or|/) (?:system|developer))? (?:messages?|prompts?)\\b${G}\\b(?:you|your|unedited|verbatim|word for word|in full)\\b|\\b(?:paste|copy|send|give|read) back\\b${G}\\b(?:prompts?|instructions|messages?)\\b|\\b(?:paste|copy|dump|print|output|show|give|send|write|restore|reveal|leak|share|tell me)\\b${G}\\b(?:the |your )(?:full |whole |complete |entire |exact |original |raw |actual |current |internal |hidden )?(?:planner|generator|orchestrator|validator) (?:prompt|message|instructions)s?\\b`,
  ),
  en(
    "prompt_leak",
    `\\b(?:output|print|show|repeat|write|paste|dump|give)\\b${G}\\byour (?:initiali[sz]ation|init|preamble|boot|startup)\\b|\\b(?:first|last|opening|initial) (?:\\w+ )?(?:sentences?|lines?|words?|paragraphs?|messages?|characters?) of (?:this|the|our|your) (?:conversation|chat|prompt|instructions|context|session)\\b|\\b(?:characters|words|lines|sentences) of your (?:instructions|prompt|rules|guidelines)\\b`,
  ),
  // Asked about rather than asked for: "what would your secret rules say?"
  en(
    "prompt_leak",
    `\\bwhat (?:would|do|does|did|might|could) (?:your|the model'?s|the ai'?s) (?:\\w+ )?(?:secret|hidden|system|initial|original|internal|real|full) (?:rules|instructions|prompt|guidelines|message|directives)\\b (?:say|contain|look like|read|tell)\\b`,
  ),
  // What the job's own machine holds: "every environment variable you have access to".
  en(
    "prompt_leak",
    `\\b(?:list|print|show|dump|output|give|return|tell|echo|read out|write out)\\b${G}\\b(?:every|all|each|the|your) (?:environment variables?|env vars?|secrets|api keys|credentials|tokens)\\b${G}\\byou (?:have access to|can (?:see|read|access|reach)|hold|were given)\\b`,
  ),
  // Exfiltration: a URL that carries data out, in any order.
  en(
    "exfiltration",
    `${TARGET}${G}\\b${LOOT}|\\b${LOOT}${G}${TARGET}`,
  ),
  en("exfiltration", `\\b${CARRY}\\b${G}${TARGET}[^\\s)]*(?:[?&=]|\\$\\{|\\+)`),
  // The generated app or the job made unsafe on purpose.
  en(
    "code_execution",
    `\\b(?:admin|hidden|secret|add|install|insert|plant|with) (?:an? )?backdoors?\\b|\\b(?:eval|exec|shell|command)[ -](?:endpoint|route|api|hook)\\b|(?:^|\\s)/eval\\b|\\bpickle\\.loads?\\b|\\bnew function\\s*\\(|\\bexecsync\\b|\\bdocument\\.cookie\\b`,
  ),
  en(
    "code_execution",
    `\\b(?:add|create|include|expose|write|generate)\\b${G}\\b(?:endpoint|route|hook|page|api)\\b${G}\\b(?:returns?|exposes?|dumps?|lists?|posts?|sends?)\\b${G}\\b(?:server environment|environment|env|secrets?|every user'?s?|all users'?|passwords?|tokens?|api keys?)\\b`,
  ),
  en(
    "goal_hijack",
    `\\b(?:disable[sd]?|disabling|turn(?:ed|s|ing)? off|switch(?:ed)? off|skip(?:ped|s)?|bypass(?:ed|es)?|remove[sd]?|circumvent)\\b${G}\\b(?:the |any |all |every )?${CONTROL}\\b|\\b(?:${CONTROL}|reviews?) (?:disabled|skipped|turned off|switched off|bypassed)\\b|\\b(?:ship|deploy|generate|release|merge|output|write)\\b (?:this|it|the app|the code|everything|the files)\\b${G}\\bwithout (?:any )?(?:human |code |security )?review\\b`,
  ),
  // A way in for whoever knows the trick: checks skipped when a header or a value is sent.
  en(
    "goal_hijack",
    `(?:\\b(?:skips?|skipping|bypass(?:es|ing)?|disables?|disabling|ignores?|ignoring|turns? off|short-?circuits?)\\b${G}\\b(?:all |any |the |every |its |their )?(?:checks|validation|auth(?:entication|ori[sz]ation)?|approvals?|permission checks|permissions|security(?: checks)?|rate limits?|rate limiting|2fa|mfa|signature checks?)|\\baccepts? (?:any|every|all|whatever) (?:passwords?|tokens?|codes?|signatures?|pins?|credentials|otps?)|\\b(?:lets?|logs?) (?:anyone|any user|everyone|anybody) in|\\bgrants? (?:admin|root|full|superuser)(?: access| rights)?)\\b${G}\\b(?:when|if|whenever|as long as|for (?:any )?requests? (?:with|carrying|that (?:send|have)))\\b${G}\\b(?:header|query (?:param(?:eter)?|string)|param(?:eter)?|magic (?:value|word|string|number)|secret (?:value|word|code|phrase)|user-?agent)\\b`,
  ),
  en(
    "code_execution",
    `\\bbackdoor (?:account|user|login|password|route|endpoint|key|admin)s?\\b${G}\\b(?:gives?|grants?|giving|granting|with|has|having|lets?)\\b${G}\\b(?:admin|root|full|superuser|owner|unrestricted)\\b`,
  ),
  en(
    "goal_hijack",
    `\\b(?:spend|move|transfer|use up|burn|waste|give away)\\b${G}\\b(?:this|the|your) job'?s\\b${G}\\b(?:budget|tokens|compute)\\b`,
  ),
  // A route that runs what the request carries; the model made to believe a spec it was not given.
  en(
    "code_execution",
    `\\b(?:route|endpoint|handler|api|hook|page)\\b${G}\\b(?:runs?|executes?|evals?|evaluates?)\\b (?:whatever|anything|everything|any code|any command)\\b (?:is|comes|arrives|gets)? ?(?:in|passed|sent|posted|given|typed)\\b`,
  ),
  en(
    "instruction_override",
    `\\bmake (?:the |your )?${AI}s? (?:believe|think|assume|pretend)\\b`,
  ),
  // A look-alike of a known package installed in its place (typosquatting): "expres" for express.
  {
    intent: "code_execution",
    lang: "en",
    pattern:
      /\b(?:import|install|use|add|require|depend on|pin)\b[^.!?\n]{0,40}?["'`]?([a-z0-9][\w.-]{2,40})["'`]?[^.!?\n]{0,40}?\binstead of\s+["'`]?([a-z0-9][\w.-]{2,40})/,
    accept: (_text, _index, match) => {
      const [before, after] = match.split(/\binstead of\s+/);
      const target = /^["'`]?([a-z0-9][\w.-]{2,40})/.exec(after ?? "")?.[1]?.replace(/[.-]+$/, "");
      if (target === undefined) return false;
      const names = ((before ?? "").match(/[a-z0-9][\w.-]{2,40}/g) ?? []).map((n) =>
        n.replace(/[.-]+$/, "")
      );
      // A squatted name keeps the first letter and nearly the length ("preact" is not "react").
      return names.some((n) =>
        n !== target && n.length >= 4 && n[0] === target[0] &&
        Math.abs(n.length - target.length) <= 1 && editDistance(n, target) <= 2
      );
    },
  },
  // A sign-in or payment form pointed at another site.
  en(
    "exfiltration",
    `\\b(?:replace|change|set|point|swap|redirect)\\b${G}\\b(?:log-?in|sign-?in|password|checkout|payment|card) form'?s?\\b(?: (?:action|target|submit url))?${G}${TARGET}`,
  ),
  // Secrets put where others read them: "commit the .env file to the repo".
  en(
    "exfiltration",
    `(?<!\\b(?:don'?t|do not|never|not|avoid|without|stop)\\s+(?:\\w+\\s+)?)\\b(?:commit|push|check in|publish|upload|paste)\\b${G}(?:\\.env\\b|\\b(?:secrets?|credentials|api keys?|private keys?|ssh keys?|tokens)\\b)(?: files?\\b)?${G}\\b(?:to|into|in|on) (?:the |a |our |my )?(?:public )?(?:repo|repository|git|github|gitlab|gist|pastebin|wiki|readme)\\b`,
  ),
  // Installs from a registry at a bare address or over plain HTTP (package confusion).
  en(
    "code_execution",
    `\\b(?:private|internal|custom|alternate|alternative|extra|our|my|own|mirror)\\s+(?:npm |pypi |pip |package )?(?:index|registry|feed|mirror|repository)\\b${G}(?:http://|\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b)|(?:--(?:extra-)?index-url|--registry|registry\\s*=)\\s*(?:http://|https?://\\d{1,3}(?:\\.\\d{1,3}){3}\\b)`,
  ),
  // Something else than the app: an essay, a poem, a clone of another site's sign-in.
  en(
    "goal_hijack",
    `\\b(?:write|compose|produce|give me|output|return|generate)\\b${G}\\b(?:essay|poem|story|article|song|letter|speech|haiku|limerick|novel|lyrics)\\b${G}\\binstead of\\b${G}\\b(?:code|an? app|the app|any app|application|building|coding|programming)\\b`,
  ),
  en(
    "goal_hijack",
    `\\b(?:log-?in|sign-?in)\\b${G}\\b(?:looks?|looking|appears?) (?:exactly |just )?like\\b${G}\\b(?:(?:accounts\\.)?google|gmail|microsoft|outlook|office ?365|apple|icloud|paypal|facebook|instagram|amazon|github|okta|(?:[a-z0-9-]+\\.)+(?:com|net|org|io))\\b${G}\\b(?:posts?|sends?|forwards?|emails?|captures?|stores?|saves?|logs?|collects?)\\b${G}\\b(?:passwords?|credentials|logins?)\\b`,
  ),
  // The app dropped, a server's keys asked for, or the reply made endless.
  en(
    "goal_hijack",
    `\\b(?:skip|forget|drop|abandon|never ?mind|scrap) (?:building )?(?:the|this|your) (?:app|application|project|spec|build)\\b(?! (?:store|tour|intro|onboarding|splash|wizard|icon))|${S_START}repeat (?:the )?(?:word|phrase|letter|token|sentence)s?\\b${G}\\b(?:forever|infinitely|endlessly|indefinitely|over and over|\\d{3,} times)\\b`,
  ),
  en(
    "exfiltration",
    `\\b(?:give|send|tell|show|hand) (?:me|us) (?:the |your )?(?:admin|root|server|database|db|ssh|production|prod) (?:password|credentials|keys?|secrets?|tokens?)\\b`,
  ),
  // Goal switch.
  en(
    "goal_hijack",
    `\\bnew (?:task|goal|objective|instruction|plan)s? (?:supersedes?|replaces?|overrides?|takes? (?:priority|precedence))\\b|\\bchange of plans?\\s*[:,;!]|\\b(?:real|true|actual|hidden) (?:objective|goal|task|purpose|mission)\\b|\\bdo (?:this|that|the following) instead\\b|\\byour (?:output|reply|answer|response) (?:is|be|should be|must be|will be) only\\b|\\b(?:output|print|say|write|return) nothing else\\b|\\bwith no code at all\\b`,
  ),
  // Text addressed to the generator, or told to keep itself secret.
  en(
    "model_addressed",
    `\\b(?:note|message|memo|notice|instructions?)\\s+(?:to|for)\\s+(?:the |any |all )?${AI}\\b|\\bto you,? (?:the )?${AI}\\b|\\b(?:for|to) the ${AI}\\s*:|(?:^|[,;:.(\\[]\\s*)(?:ai|assistant|bot|generator|model),\\s+(?:from now|you|please|ignore|now|give|tell|add|generate|write|make|do|reply|answer|print)\\b|\\binstruction \\d+\\s*:|\\bnever (?:mention|reveal|disclose)\\b${G}\\b(?:this|instruction|that|it)\\b|\\b(?:without telling|do(?:n'?t| not) tell) (?:the )?users?\\b|\\bits instructions override\\b`,
  ),
  en(
    "persona_switch",
    `\\byou(?:'re| are)(?: now)? (?:the |an? )?[\\w -]{2,60}?,? not (?:a |an |the )?${AI}\\b|\\b(?:from (?:this point|now on|here on)|now)\\b,?(?: on,?)? you(?:'re| are)\\b${G}\\bin (?:\\w+ )?mode\\b`,
  ),
];
const W = gap(40, false);

/** Request intents in other languages, on the folded view. */
export const OTHER_REQUESTS: readonly IntentPattern[] = [
  other(
    "instruction_override",
    "tr",
    `\\b(?:onceki|yukaridaki|tum|butun|verilen|eski)\\b${W}\\b(?:talimat|kural|komut|yonerge)\\w*\\b${W}\\bbos ver\\w*`,
  ),
  other(
    "instruction_override",
    "zh",
    `(?:别管|別管|不用管|不要管|先别管|抛开|拋開)[^。！？\\n]{0,12}?(?:指令|指示|要求|规则|規則|提示|设定|設定)`,
  ),
  other(
    "prompt_leak",
    "zh",
    `(?:你收到的|给你的|給你的|你得到的)[^。！？\\n]{0,6}?(?:开发者|開發者|系统|系統)?(?:消息|訊息|指令|提示|说明|說明)`,
  ),
  other(
    "instruction_override",
    "pl",
    `\\b(?:zignoruj|ignoruj|zapomnij|pomin)\\b${W}\\b(?:instrukcj|polece|zasad|regul)\\w*`,
  ),
  other(
    "prompt_leak",
    "pl",
    `\\b(?:przepisz|skopiuj|wypisz|pokaz|podaj)\\b${W}\\b(?:instrukcj\\w* systemow\\w*|systemow\\w* instrukcj\\w*|prompt\\w* systemow\\w*)`,
  ),
  other(
    "instruction_override",
    "it",
    `\\b(?:lascia perdere|lasciate perdere|lascia stare|metti da parte)\\b${W}\\b(?:istruzioni|regole|indicazioni|direttive)\\b`,
  ),
];

/** Levenshtein distance, for names one or two letters apart. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[b.length]!;
}
