/**
 * What an injected sentence asks the model to do, as patterns over one
 * folded sentence (lower case, accents removed, look-alikes mapped): override
 * its instructions, take on a persona, play a fake system turn, leak its
 * prompt, exfiltrate data, drop its goal for another, run code, or change
 * its own reply. Each intent needs both a verb and an object aimed at the
 * model ("ignore" + "your instructions", "print" + "the text above"), so an
 * app feature named with the same words ("ignore spam calls", "a system
 * prompt tester", "act as a translator") is not a hit.
 *
 * @module
 */

import { en, gap, type IntentPattern, other } from "./_injection_grammar.ts";

const G = gap(60);
// A gap that does not pass a relative pronoun: "the rules that no longer apply" describes rules.
const NOT_RELATIVE = "(?:(?!\\b(?:that|which|who)\\b)(?:[^.!?\\n]|[.!?](?=\\S))){0,60}?";
const S =
  "(?:^|[:;,\\-–—(\"'“‘*>]\\s*|\\b(?:and|then|now|so|also|just|simply|please|kindly|first|ok(?:ay)?|well|actually|but|instead|finally|next|lastly)\\s+)"; // where an imperative starts
// What the model was told: qualified so that "override screen-time rules" stays a feature.
const QUALIFIER =
  "(?:your|all(?: (?:of )?(?:the|your|my))?|any|every|the (?:previous|prior|above|earlier|preceding|original|initial|system|old)|(?:previous|prior|above|earlier|preceding|foregoing|original|initial|system|old|current|existing|safety|developer|default|given|hidden|those|these|my|its|his|her|their)|(?:the )?(?:rules|instructions) you)";
const META_NOUN =
  "(?:instructions?|directions?|directives?|prompts?|programming|guardrails?|system (?:prompt|message)s?|(?:rules|guidelines|guidance|constraints|restrictions|polic(?:y|ies)|filters|orders|commands|context|task|tasks|training|limitations|settings|configuration))";
// A meta noun that qualifies the noun after it names an app thing: "its previous instructions version".
export const NOT_ADJUNCT =
  "(?! (?:versions?|templates?|files?|pages?|sheets?|docs?|documents?|fields?|sections?|tabs?|lists?|library|editor|builder|manager|history|cards?|steps?|screens?|panels?|forms?|view)\\b)";
const ABOVE =
  "(?:above|before (?:this|that|now|it)|so far|earlier|previously|prior to this|until now|up to (?:here|now))";
const OVERRIDE_VERB =
  "(?:ignore|ignoring|disregard|disregarding|forget|forgetting|override|overriding|bypass|set aside|put aside|throw out|throw away|scrap|skip|drop|discard|abandon|neglect|nullify|cancel|void|erase|delete|clear|reset|pay no (?:attention|heed) to|take no notice of|do not (?:follow|obey|listen to|adhere to)|don'?t (?:follow|obey|listen to)|stop (?:following|obeying|listening to)|no longer (?:follow|obey)|disobey|quit following|break (?:free )?(?:from|of)|free yourself from|override)";
const LEAK_VERB =
  "(?:reveal|print|copy(?: out| down)?|reproduce|transcribe|show|output|repeat|leak|dump|display|tell|give|write (?:out|down)|type out|echo|disclose|expose|recite|read (?:out|back|me)|spell(?: check| out)?|quote|list|summari[sz]e|translate|paraphrase|rewrite|encode|share|return|provide|state|what (?:is|was|are|were)|what'?s)";
// What a model is set up with, named without the word "prompt": "the setup text you received".
const SETUP_TEXT =
  "(?:(?:set-?up|configuration|config|initiali[sz]ation|startup|start-up|boot|operating|opening|pre-?conversation) (?:text|notes|message|block|brief(?:ing)?|preamble)|preamble|pre-?prompt)";
const LEAK_OBJECT =
  "(?:(?:(?:every|each|any|all the) )?(?:rules?|instructions?|guidelines?) you (?:were|have been|are|'ve been) (?:given|told|configured|programmed|instructed)|(?:your|my)\\s+(?:\\w+\\s+){0,2}?(?:initial|original|hidden|secret|system|internal|developer|full|exact|first|starting|pre-?|base|real|confidential)\\s*(?:prompt|instructions|message|rules|guidelines|configuration|directives|context)|the\\s+(?:\\w+\\s+){0,2}?(?:initial|original|hidden|secret|system|internal|developer|starting|pre-?|base|real|confidential)\\s*(?:prompt|instructions|message|rules|guidelines|configuration|directives|context)|(?:your|its)\\s+(?:\\w+\\s+){0,2}?(?:prompt|instructions|rules|guidelines|configuration|config|directives|programming|system message|context|settings|setup|guardrails)|(?:text|words|lines?|messages?|content|everything|all|sentences?|paragraphs?|passages?|characters|tokens|what(?:ever)? (?:is|was|comes|came)(?: written)?)\\s+(?:\\w+\\s+){0,2}?(?:above|before (?:this|that|my|the|it)|at the (?:very )?(?:beginning|start|top)|preceding)|(?:first|last) (?:line|sentence|words?|paragraph)s? of (?:the|your|this) (?:text|prompt|conversation|instructions|message)|the (?:text|prompt|instructions|message) above|(?:written|said|typed|stated|given|sent) (?:above|before (?:this|my|the)|at the (?:very )?(?:beginning|start|top) of (?:this|the) (?:conversation|chat|prompt|message|text|session))|(?:your|the) (?:system|initial|hidden|original|secret|developer) prompt|what (?:your|the) (?:developers?|creators?|operators?|admins?|system) (?:told|said|asked|instructed|wrote)|(?:the )?(?:rules|instructions) you (?:were|have been|are) (?:given|configured|told|programmed)|(?:your|its|their)\\s+(?:\\w+\\s+){0,2}?" +
  SETUP_TEXT + "|the\\s+(?:\\w+\\s+){0,2}?" +
  SETUP_TEXT +
  "\\s+(?:that\\s+)?(?:you|they|it)\\s+(?:were |was |have been |had been |'ve been )?(?:given|received|got|started with|loaded with|handed))(?![a-z])";
const AI =
  "(?:ai|a\\.i\\.|assistant|model|llm|language model|chatbot|bot|agent|copilot|gpt|chatgpt|claude|gemini|bing|bard|llama|planner|code generator|generator)";
const REPLY = "(?:repl(?:y|ies)|responses?|answers?|outputs?|completions?|messages? back)";
const SEND_VERB =
  "(?:send|post|upload|forward|e-?mail|mail|transmit|exfiltrate|leak|submit|beacon|ping|report|push|sync|copy|pipe|relay|deliver|dump|write)";
const SENSITIVE =
  "(?:passwords?|passwds?|tokens?|api[ -]?keys?|keys|secrets?|credentials|\\.env|env(?:ironment)? (?:file|variables|vars)|conversation|chat(?: history| log)?|history|cookies?|sessions?(?: tokens?| ids?)?|system prompt|instructions|request bod(?:y|ies)|every request|all (?:requests|data|messages|emails|files|user data)|contents?|database|ssh keys?|private keys?|user data|personal data|emails|inbox|files|the data|everything|summary)";
const TARGET =
  "(?:https?://|www\\.|ftp://|[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)+|\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b|\\bwebhook\\b|\\battacker\\b|(?<![\\w.])(?:[a-z0-9-]+\\.)+(?:example|test|invalid|com|net|org|io|xyz|ru|cn|tk)\\b)";
// A device's or a browser's own developer mode: "developer mode settings on Android".
const DEVICE_MODE =
  "(?! settings| options| toggle| switch|,? (?:on|in|for) (?:an? |the |your |my )?(?:android|ios|iphone|ipad|pixel|samsung|chrome|edge|firefox|windows|mac(?:os)?|phone|device|tablet|browser|extension|tv|console)s?\\b)";
const RUN_VERB = "(?:run|execute|exec|eval(?:uate)?|invoke|launch|spawn)";

/** English intents, also run on the look-alike, leetspeak, joined, rot13 and reversed views. */
export const ENGLISH_INTENTS: readonly IntentPattern[] = [
  // Override what the model was told.
  en(
    "instruction_override",
    `\\b${OVERRIDE_VERB}\\b${G}(?:\\b${QUALIFIER}\\b${G}\\b${META_NOUN}\\b${NOT_ADJUNCT}|\\b(?:instructions?|prompts?|programming|guardrails?|directives?)\\b${NOT_ADJUNCT}|\\b(?:everything|anything|all(?: of)?(?: (?:the|this|that))?|what(?:ever)?|the (?:text|stuff|words|lines))\\b${G}\\b${ABOVE}|\\b(?:everything|anything|whatever|all|what)\\b(?: (?:that|which))? (?:you(?:'ve| have)?|i|we|they|the (?:developers?|system|operator)) (?:were |was |have been |had been |got |'ve been )?(?:told|said|given|asked|instructed|programmed|taught|wrote|written)|\\b(?:${META_NOUN}|guidance|advice|what|everything|anything)\\b (?:that )?you (?:were |have been |'ve been |had been )?(?:given|received|got|told|shown|programmed with|trained with|fed)\\b|\\bthe (?:above|previous|preceding|foregoing)(?: (?:text|message|content|lines?|input|part|one|directions))?(?:[.!?,;:]|$| and\\b| then\\b| instead\\b)|\\b(?:the|all(?: the)?|any|those|these) ${META_NOUN} ${ABOVE}\\b)`,
  ),
  en(
    "instruction_override",
    `\\b(?:${QUALIFIER}|the) ${META_NOUN}\\b${NOT_RELATIVE}\\b(?:(?:is|are|was|were|have been|has been) (?:now )?(?:cancell?ed|void|null|revoked|replaced|overridden|obsolete|outdated|lifted|suspended|invalid|no longer valid|fake|a test|wrong|over|gone|deleted|disabled)|no longer (?:apply|applies|matter|valid|count)|(?:do not|don'?t) (?:apply|matter|count) (?:anymore|any more|now))`,
  ),
  en(
    "instruction_override",
    `\\b(?:new|updated|real|actual|revised|true|secret|hidden|additional|important|urgent|priority|override|replacement) (?:system )?(?:instructions?|directives?|orders|rules|task|policy|prompt)\\s*[:!]`,
  ),
  en(
    "instruction_override",
    `\\b(?:system|admin|administrator|developer|priority|emergency|security|root|sudo|god) (?:override|mode override|command)\\b`,
  ),
  // Take on a persona, or be told there are no rules.
  en(
    "persona_switch",
    `(?:^|\\b(?:now|from now on|for the rest of (?:this|the) (?:conversation|chat|session)|starting now|henceforth|let'?s play|let'?s pretend|imagine)\\b[,:]?\\s*)you(?:'re| are| will be| shall be| are going to be| become)\\s+(?:now\\s+)?(?:no longer\\b|(?:a|an|the|my|in)\\s+(?:\\w+[ -]){0,4}?(?:${AI}|persona|character|terminal|console|shell|hacker|jailbreak|mode|version)\\b|(?:dan|stan|dude|aim|evilbot|mongo tom|freedom|unrestricted|unfiltered|uncensored|jailbroken|free)\\b|about to\\b|going to (?:act|pretend|play|be|roleplay|simulate)\\b|[a-z]+(?:gpt|bot)\\b)`,
  ),
  en(
    "persona_switch",
    `(?:^|[.!?:;]\\s*|\\b(?:now|from now on|okay|ok|please)\\b,?\\s*)(?:now,? )?you are\\s+(?!(?:a user|the user|logged|signed|able|going to (?:see|get|find|need|be able))\\b)[a-z][\\w' -]{0,40}?[,.]\\s*(?:how|what|tell|answer|respond|reply|say|write)\\b`,
  ),
  en(
    "persona_switch",
    `${S}(?:(?:i want you to|i need you to|i would like you to|let'?s (?:pretend|imagine|say) (?:that )?you(?: are|'re)?) |you (?:will|must|should|shall) (?:now )?|please )?(?:act (?:as|like)\\s+(?!['"’”]|(?:an? |the |your |my )?(?:[\\w-]+ ){0,3}?(?:marketplace|store|shop|app|application|site|website|platform|tool|service|dashboard|portal|tracker|system|api|backend|frontend|crm|registry|directory|hub|manager|translator|proxy|gateway|bridge|cache|database|server|interface|wrapper|client|library|catalog(?:ue)?|marketplace|forum|blog|wiki)\\b)|pretend(?: to be| that you are| you are| you're)|roleplay as|role-?play as|play the (?:role|part) of|behave (?:as|like)|simulate|impersonate|become|assume the (?:role|persona|identity) of|immerse yourself (?:in|into) the role of|take on the (?:role|persona) of|answer as|respond as|imagine (?:that )?you(?: are|'re))\\b`,
  ),
  en(
    "persona_switch",
    `\\b(?:stay|remain|keep) in character\\b|\\bbreak(?:ing)? character\\b|\\bimmerse yourself\\b|\\bdo anything now\\b|\\bjailbr(?:oken|eak) (?:mode|version|prompt)\\b|\\b(?:developer|dan|god|jailbreak|sudo|unrestricted|debug|evil|opposite|chaos) mode\\b${DEVICE_MODE}${G}\\b(?:enabled|activated|on(?=\\s*(?:[.!,;:)]|$))|unlocked|engaged|active)\\b|\\b(?:enable|enter|activate|switch (?:in)?to|turn on|unlock|go into|engage)\\b${G}\\b(?:developer|dan|god|jailbreak|sudo|unrestricted|evil|opposite|chaos) mode\\b${DEVICE_MODE}`,
  ),
  en(
    "persona_switch",
    `\\b(?:you|${AI}|dan|it|he|she|they)\\b${G}\\b(?:(?:has|have|had|with|without|has no|have no|no|free (?:of|from)|broken free (?:of|from)|not bound by|unbound by|(?:does|do|will) not (?:have to )?(?:abide by|follow|obey|care about|respect)|never (?:refuses?|declines?|says? no|follows?)|ignores? (?:all|any|every))\\s+(?:any |all |the |its |their |your |typical |usual )?(?:rules|restrictions|limits|limitations|filters|guidelines|content polic(?:y|ies)|policies|ethics|morals|moral (?:restrictions|guidelines)|ethical (?:guidelines|restrictions)|guardrails|censorship|confines|boundaries|safeguards|requests?))\\b`,
  ),
  en(
    "persona_switch",
    `\\blet'?s play a game\\b|\\b(?:you will|you'll) (?:now )?(?:play|simulate|emulate|pretend)\\b|\\bhello,? (?:chat)?gpt\\b|\\bfrom now on,? (?:you|respond|answer|act|reply|ignore|only|always|never|speak|talk)\\b`,
  ),
  // A fake system or developer turn inside the text.
  en(
    "role_marker",
    `(?:^|[.!?]\\s+|\\s)(?:system|developer|admin(?:istrator)?|assistant|operator|moderator)[ -]?(?:message|note|notice|instruction|prompt|update|alert|directive|command)s?\\s*[:：]|\\[(?:system|assistant|developer)\\]\\s*\\(#|^system\\s*[:：]\\s*(?=\\S)`,
  ),
  // Leak the prompt.
  en("prompt_leak", `\\b${LEAK_VERB}(?:s|es)?\\b${G}${LEAK_OBJECT}`),
  en(
    "prompt_leak",
    `\\bwhat (?:were|are|was|is) (?:you|your)\\b${G}\\b(?:told|instructed|given|programmed|configured|asked)\\b|\\b(?:tell|show|give) me (?:what|how) you (?:were|are|have been) (?:told|instructed|programmed|configured|set up)\\b|\\brepeat (?:the words|everything|after me)\\b|\\bstarting with (?:the (?:phrase|words) )?["“']you are\\b`,
  ),
  // Exfiltration: an image or link that carries data out, or data sent to an address.
  en(
    "exfiltration",
    `!\\[[^\\]]*\\]\\(\\s*(?:https?:)?//[^)\\s]*(?:[?&#][^)\\s]*=|\\{|\\[|%7b|\\$)|!\\[[^\\]]*\\]\\(\\s*(?:https?:)?//[^)]*\\b(?:followed by|append|urlencoded|url-encoded|encoded|data|secret|token|history|password|conversation)\\b|\\[[^\\]]*\\]\\(\\s*https?://[^)\\s]*[?&][a-z_]*=(?:\\{|\\[|%7b|<|\\$|[a-z_]*(?:token|secret|key|password|session|cookie|data|history|prompt))`,
  ),
  en(
    "exfiltration",
    `\\b${SEND_VERB}\\b${G}\\b${SENSITIVE}\\b${G}\\b(?:to|at|into|via|on)\\b${G}${TARGET}|\\b${SEND_VERB}\\b${G}${TARGET}${G}\\b${SENSITIVE}\\b`,
  ),
  en(
    "exfiltration",
    `${S}(?:send|post|upload|forward|e-?mail|mail|transmit|exfiltrate|leak|submit|visit|fetch|open|load|call|request|curl|render|include|embed|add)\\b(?! (?:an? |the )?(?:test |sample |http |https )?(?:post|get|put|patch|delete|request|ping|webhook)s?\\b)${G}\\b(?:to |at |from )?${TARGET}`,
  ),
  // Goal hijack: drop the task for another one.
  en(
    "goal_hijack",
    `\\binstead(?: of\\b${G})?,?\\s*(?:just |please |simply |you (?:should|must|will) )?(?:write|tell|say|print|output|answer|reply|respond|give|produce|list|generate|translate|compose|create|make|draft|explain|describe|summari[sz]e|return|send|only)\\b|\\b(?:stop|quit|cease) (?:what you(?:'re| are) doing|(?:the|this|your) (?:task|work|job))\\b|\\brather than\\b${G},\\s*(?:just |simply )?(?:write|tell|say|print|output|answer|reply|respond|give)\\b`,
  ),
  en(
    "goal_hijack",
    `\\b(?:your|the|my) (?:new|real|actual|true|only|next|main|primary|updated|sole) (?:task|goal|job|purpose|objective|mission|instruction|assignment|role|priority)\\b(?: (?:is|now|will be|:)|\\s*[:])|\\bnew (?:task|plan|goal|objective|mission|assignment)\\s*[:!]|\\bfocus on (?:your|the|this) new (?:task|goal)\\b`,
  ),
  en(
    "goal_hijack",
    `\\b(?:only|just|simply) (?:say|print|output|reply|respond|answer|write|return)\\b|\\b(?:say|print|output|reply|respond|answer|write|return) (?:only|just|exactly|nothing but)\\b|\\b(?:respond|reply|answer|output)\\s+(?:only\\s+)?with\\s+(?:the (?:word|phrase|text|string|sentence) )?["“'‘]|\\b(?:and|then) (?:say|print|output|write)\\s+["“'‘]|\\band nothing (?:else|more)\\b|\\b(?:don'?t|do not) (?:say|write|output|add) anything (?:else|other than|but)\\b|\\b(?:begin|start|end|prefix|open) your (?:${REPLY})\\b${G}\\bwith\\b`,
  ),
  en(
    "goal_hijack",
    `\\b(?:but first|before (?:anything else|you (?:start|begin|continue|do anything))|first of all|forget the app|forget about the app|never ?mind(?: (?:the|that|this))?)\\b${G}\\b(?:write|tell|say|print|output|answer|list|give|generate|compose|produce|translate)\\b`,
  ),
  en(
    "goal_hijack",
    `${S}(?:say|print|output|type|write|answer|reply)\\s+(?:the (?:word|phrase) )?(?:["“'‘][^"”'’]{1,60}["”'’]|[a-z]*(?:pwned|hacked|owned|hijacked)\\b)`,
  ),
  // Run code or a command.
  en(
    "code_execution",
    `\\b${RUN_VERB}\\b${G}\\b(?:the following|this|these|that|my|the attached|the below|below|the command|a command|commands?|shell|bash|terminal|system|python|the script|this script|the code|this code|the payload)\\b${G}\\b(?:command|commands|code|script|snippet|payload|one-?liner|program|python|javascript|shell)\\b|\\b${RUN_VERB}\\b${G}\\b(?:on|in) (?:the|your|a) (?:server|build server|host|machine|shell|terminal|code interpreter|interpreter|container|runner|ci)\\b|\\buse your (?:code interpreter|python tool|terminal|shell)\\b`,
  ),
  en(
    "code_execution",
    `\\brm -rf\\b|\\b(?:curl|wget)\\b[^\\n]{0,80}\\|\\s*(?:ba|z)?sh\\b|\\bos\\.(?:system|popen)\\s*\\(|\\bsubprocess\\.|\\b__import__\\s*\\(|\\bimport os\\b|\\beval\\s*\\(|\\bexec\\s*\\(|\\$\\((?:curl|wget|whoami|id|cat|bash|sh|nc)\\b|\`(?:whoami|id|uname(?: -a)?|env|printenv)\\s*\`|\`(?:cat|less|head|tail)\\s+(?:/etc/|~/\\.ssh|/proc/|\\S*\\.env\\b)[^\`]*\`|/etc/(?:passwd|shadow)|\\bnc -e\\b|/bin/(?:ba)?sh\\b|\\bpowershell\\b|\\bchild_process\\b|\\breverse shell\\b`,
  ),
  en(
    "code_execution",
    `\\b(?:route|endpoint|api|handler|function|feature|page)\\b${G}\\b(?:that|which|to)\\b${G}\\b(?:evaluates?|executes?|runs?|exec|eval)\\b${G}\\b(?:whatever|any|arbitrary|the|all|user|incoming)\\b${G}\\b(?:code|python|javascript|js|shell|commands?|request bod(?:y|ies)|input|payload|scripts?)\\b`,
  ),
  // Text that speaks to the model reading it, or asks it to change its own reply.
  en(
    "model_addressed",
    `\\b(?:note|message|instructions?|memo|reminder|notice|warning)\\s+(?:to|for)\\s+(?:the |any |all |every )?(?:${AI}|ai (?:agents?|models?|assistants?))s?\\b|\\battention,?\\s+(?:${AI})s?\\b|\\bif you (?:are|'re) (?:an?|the) (?:(?!(?:agent|assistant|planner|generator|bot)s?\\b)${AI}|ai \\w+|(?:agent|assistant|planner|generator|bot)s?,?\\s+(?:reading|processing|parsing|summari[sz]ing|reviewing|(?:that|who) (?:reads?|process(?:es)?|sees?))|(?:agent|assistant|bot),\\s+(?:ignore|disregard|forget|reveal|print|you must|do not|don't))\\b|\\b(?:to|for) (?:the|any) (?:${AI})s? (?:reading|processing|summari[sz]ing|reviewing|parsing)\\b|\\b(?:when|while|once|if) (?:the |an? |any )?(?:${AI}|ai agent)s? (?:reads?|process(?:es)?|summari[sz]es?|sees?|parses?|reviews?)\\b|(?:^|\\s)(?:ai|llm|gpt) (?:agents?|models?|assistants?|bots?)\\s*[:,](?!\\s*(?:gpt|claude|gemini|llama|mistral|o\\d|true|false|null|none|\\d|["'\\[{]|[a-z]*[^s\\s]s\\b))|\\b(?:dear|hi|hello|hey),? (?:${AI})\\b(?!,?\\s+(?:please\\s+|could you\\s+|can you\\s+|kindly\\s+)?(?:build|make|create|write|generate|design|develop|code|help|i (?:need|want|would like))\\b)|\\bthis is (?:very |extremely )?(?:important|urgent)\\s*[:!]`,
  ),
  en(
    "model_addressed",
    `\\b(?:in|within|at the (?:end|start|beginning) of|throughout|inside) (?:your|each|every) (?:${REPLY})\\b\\s*,?\\s*(?:[\\w']+\\s+){0,3}?(?:include|add|suggest|mention|say|write|promote|insert|append|tell|ask|recommend|state|claim|put|use|link|urge)\\b`,
  ),
  en(
    "model_addressed",
    `\\b(?:modify|change|alter|edit|adjust|amend|update|format|encode|translate|reverse|rewrite|write|render|end|start|begin|finish|prefix|conclude|include|add|append|insert|integrate|mention|promote|suggest|embed|put|augment|enhance)\\b${G}\\b(?:in|to|into|within|at the (?:end|start|beginning) of|throughout|inside) (?:your|the|every|each) (?:${REPLY}|summary|translation)\\b|\\b(?:your|every|each) (?:${REPLY})\\b${G}\\b(?:backwards?|in reverse|reversed|in base ?\\d+|in (?:hex|binary|morse|rot13|pig latin|cipher|emojis?)|as (?:a )?(?:poem|haiku|base64|hex)|(?:must|should|has to|needs to) (?:include|contain|mention|start|end|begin))\\b|\\b(?:modify|change|alter|edit|encode|translate|reverse|rewrite|write|render|format|encrypt|shift|invert)\\b (?:your|the) (?:${REPLY})\\b`,
  ),
];

const URL_OR_MAIL = "(?:https?://|www\\.|[\\w.+-]+@[\\w-]+\\.[\\w.]+|\\d{1,3}(?:\\.\\d{1,3}){3})";
const SYS_PROMPT_LATIN =
  "(?:system ?prompt|prompt (?:du |de |do |del |di )?(?:sistema|systeme|systema)|systemprompt|systeemprompt|sistem (?:istemi|istemini|komutu|mesajini|talimatlarini)|prompt(?: systemowy| systemu)|systemowy prompt|system-prompt)";

/** Intents in other languages, on the folded view (accents removed). */
export const OTHER_INTENTS: readonly IntentPattern[] = [
  // German
  other(
    "persona_switch",
    "de",
    `\\b(?:du bist|sie sind) (?:jetzt|ab sofort|nun|ab jetzt|von nun an)\\b|\\b(?:tu so|tun sie so),? als (?:ob |wa?rst du |waren sie )?|\\b(?:spiele|spiel|ubernimm) die rolle\\b|\\bhandle als\\b|\\bgib dich als\\b|\\b(?:ki|bot|assistent|modell)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:ohne|keine) (?:regeln|einschrankungen|grenzen|filter|richtlinien)\\b`,
  ),
  other(
    "prompt_leak",
    "de",
    `\\b(?:zeige?|zeig|gib|verrate|nenne|wiederhole|drucke|schreib|gib aus|offenbare|teile)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:system-?prompt|systemanweisung(?:en)?|deine[nr]? (?:anweisungen|regeln|instruktionen|vorgaben|konfiguration|prompt)|(?:den |deinen )?(?:ursprunglichen|versteckten|geheimen|internen) (?:prompt|anweisungen|text)|(?:den )?text (?:oben|davor|daruber))\\b`,
  ),
  other(
    "goal_hijack",
    "de",
    `\\b(?:statt|anstatt|stattdessen)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}\\b(?:schreib|schreibe|sag|sage|gib|antworte|erzahl|erzahle|liste|ubersetze|mach)\\b|\\bdeine (?:neue|eigentliche|wahre|einzige) aufgabe\\b|\\bneue aufgabe\\s*:`,
  ),
  other(
    "exfiltration",
    "de",
    `\\b(?:schicke?|schick|sende|sende|ubermittle|lade|leite|poste|maile)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "de",
    `\\b(?:fuhre?|fuhr|starte)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:befehl|kommando|code|skript|script)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,30}\\baus\\b|\\b(?:fuhre?|fuhr)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,30}\\baus\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,30}\\b(?:befehl|code|skript)\\b`,
  ),
  // Spanish
  other(
    "persona_switch",
    "es",
    `\\b(?:ahora|a partir de ahora|desde ahora)\\b,? (?:tu )?eres\\b|\\b(?:finge|finja|imagina|imagine|actua|actue|haz de|juega a ser)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,20}\\b(?:que eres|ser|como|el papel)\\b|\\b(?:ia|bot|asistente|modelo)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\bsin (?:reglas|restricciones|limites|filtros)\\b`,
  ),
  other(
    "prompt_leak",
    "es",
    `\\b(?:revela|muestra|muestrame|imprime|dime|repite|ensename|escribe|da|dame)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:${SYS_PROMPT_LATIN}|(?:tus|sus) (?:instrucciones|reglas|indicaciones|directrices)|(?:el )?texto (?:anterior|de arriba)|instrucciones (?:ocultas|iniciales|originales|secretas))\\b`,
  ),
  other(
    "goal_hijack",
    "es",
    `\\ben (?:vez|lugar) de\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}\\b(?:escribe|di|dime|cuenta|responde|traduce|haz|genera)\\b|\\btu (?:nueva|verdadera|unica) (?:tarea|mision|instruccion)\\b`,
  ),
  other(
    "exfiltration",
    "es",
    `\\b(?:envia|manda|sube|reenvia|publica)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "es",
    `\\b(?:ejecuta|ejecute|corre)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:comando|codigo|script|orden)\\b`,
  ),
  // French
  other(
    "persona_switch",
    "fr",
    `\\b(?:tu es|vous etes) (?:maintenant|desormais|a present|dorenavant)\\b|\\b(?:fais|faites) semblant\\b|\\b(?:joue|jouez) le role\\b|\\b(?:agis|agissez) (?:comme|en tant que)\\b|\\b(?:imagine|imaginez) que (?:tu es|vous etes)\\b|\\b(?:ia|bot|assistant|modele)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\bsans (?:regles|restrictions|limites|filtres?)\\b`,
  ),
  other(
    "prompt_leak",
    "fr",
    `\\b(?:revele|revelez|affiche|affichez|montre|montrez|donne|donnez|imprime|repete|repetez|ecris|ecrivez|dis|dites)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:prompt (?:systeme|du systeme|initial)|(?:tes|vos) (?:instructions|consignes|regles|directives)(?: cachees| initiales| secretes)?|(?:le )?texte (?:ci-dessus|precedent)|instructions (?:cachees|initiales|secretes))\\b`,
  ),
  other(
    "goal_hijack",
    "fr",
    `\\bau lieu de\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}\\b(?:ecris|ecrivez|dis|dites|raconte|reponds|traduis|fais)\\b|\\bta (?:nouvelle|vraie|seule) (?:tache|mission)\\b`,
  ),
  other(
    "exfiltration",
    "fr",
    `\\b(?:envoie|envoyez|transmets|transmettez|televerse|publie|poste)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "fr",
    `\\b(?:execute|executez|lance|lancez)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:commande|code|script)\\b`,
  ),
  // Portuguese
  other(
    "persona_switch",
    "pt",
    `\\b(?:agora|a partir de agora|de agora em diante)\\b,? (?:voce|tu) (?:e|es|sera)\\b|\\b(?:finja|finge|imagine|imagina|aja|age|atue|faca o papel)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,20}\\b(?:que (?:voce|tu) (?:e|es)|como|de)\\b|\\b(?:ia|bot|assistente|modelo)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\bsem (?:regras|restricoes|limites|filtros)\\b`,
  ),
  other(
    "prompt_leak",
    "pt",
    `\\b(?:revele|revela|mostre|mostra|imprima|exiba|diga|diz|repita|escreva|me de|me diga)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:${SYS_PROMPT_LATIN}|(?:suas|tuas) (?:instrucoes|regras|diretrizes)|(?:o )?texto (?:acima|anterior)|instrucoes (?:ocultas|iniciais|originais|secretas))\\b`,
  ),
  other(
    "goal_hijack",
    "pt",
    `\\b(?:em vez de|ao inves de)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}\\b(?:escreva|diga|conte|responda|traduza|faca)\\b|\\bsua (?:nova|verdadeira|unica) (?:tarefa|missao)\\b`,
  ),
  other(
    "exfiltration",
    "pt",
    `\\b(?:envie|envia|mande|manda|encaminhe|publique)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "pt",
    `\\b(?:execute|executa|rode|roda)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:comando|codigo|script)\\b`,
  ),
  // Italian
  other(
    "persona_switch",
    "it",
    `\\b(?:da ora in poi|d'ora in poi|da adesso|ora|adesso)\\b,? (?:tu )?sei\\b|\\b(?:fingi|immagina|comportati|agisci|interpreta il ruolo)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,20}\\b(?:di essere|che sei|come|di)\\b|\\b(?:ia|bot|assistente|modello)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\bsenza (?:regole|restrizioni|limiti|filtri)\\b`,
  ),
  other(
    "prompt_leak",
    "it",
    `\\b(?:rivela|mostra|mostrami|stampa|dimmi|ripeti|scrivi|dammi)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:${SYS_PROMPT_LATIN}|(?:le tue|tue) (?:istruzioni|regole|direttive)|(?:il )?testo (?:sopra|precedente)|istruzioni (?:nascoste|iniziali|originali|segrete))\\b`,
  ),
  other(
    "goal_hijack",
    "it",
    `\\b(?:invece di|anziche)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}\\b(?:scrivi|dimmi|di|racconta|rispondi|traduci|fai)\\b|\\bil tuo (?:nuovo|vero|unico) (?:compito|obiettivo)\\b`,
  ),
  other(
    "exfiltration",
    "it",
    `\\b(?:invia|manda|carica|inoltra|pubblica)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "it",
    `\\b(?:esegui|eseguire|lancia)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:comando|codice|script)\\b`,
  ),
  // Dutch
  other(
    "persona_switch",
    "nl",
    `\\b(?:je bent nu|jij bent nu|u bent nu|vanaf nu ben je)\\b|\\b(?:doe alsof|speel de rol|gedraag je als|stel je voor dat je)\\b|\\b(?:ai|bot|assistent|model)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\bzonder (?:regels|beperkingen|grenzen|filters)\\b`,
  ),
  other(
    "prompt_leak",
    "nl",
    `\\b(?:toon|laat|geef|onthul|herhaal|print|schrijf|vertel)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:${SYS_PROMPT_LATIN}|systeeminstructies|je (?:instructies|regels|richtlijnen)|(?:de )?tekst hierboven|verborgen instructies)\\b`,
  ),
  other(
    "goal_hijack",
    "nl",
    `\\bin plaats van\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}\\b(?:schrijf|zeg|vertel|antwoord|vertaal|maak)\\b|\\bje (?:nieuwe|echte|enige) (?:taak|opdracht)\\b`,
  ),
  other(
    "exfiltration",
    "nl",
    `\\b(?:stuur|verstuur|upload|stuur door|mail)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "nl",
    `\\b(?:voer|draai)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:commando|opdracht|code|script)\\b`,
  ),
  // Turkish (folded: ı→i, ş→s, ğ→g, ç→c, ö→o, ü→u)
  other(
    "instruction_override",
    "tr",
    `\\b(?:onceki|yukaridaki|tum|butun|verilen|eski)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:talimat|kural|komut|yonerge|emir)\\w*\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,30}\\b(?:yok say|gormezden gel|unut|dikkate alma|takma|ihmal et|uyma)\\w*`,
  ),
  other(
    "persona_switch",
    "tr",
    `\\b(?:artik|bundan sonra|simdi)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}\\b(?:sin|sun|sin\\.|isin|usun|siniz)\\b|\\b(?:rol yap|gibi davran|oldugunu hayal et|taklit et|rolunu ust)\\w*|\\b(?:yapay zeka|bot|asistan|model)\\w*\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:kuralsiz|kisitlamasiz|sinirsiz|filtresiz|kurali olmayan|kurallari olmayan)\\b|\\b(?:kurallari|kisitlamalari|siniri) olmayan\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,30}\\b(?:yapay zeka|bot|asistan)`,
  ),
  other(
    "prompt_leak",
    "tr",
    `\\b(?:sistem (?:istem|komut|mesaj|talimat)\\w*|(?:gizli|ilk|orijinal) (?:talimat|istem|komut)\\w*|talimatlarini|kurallarini|yukaridaki metni?)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:goster|yaz|soyle|tekrarla|yazdir|ver|paylas|acikla)(?:in|iniz|yin|yiniz|meni|mesini|men)?\\b`,
  ),
  other(
    "goal_hijack",
    "tr",
    `\\b(?:yerine|bunun yerine)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}\\b(?:yaz|soyle|anlat|cevap ver|cevir|uret)\\w*|\\byeni (?:gorevin|gorev)\\b`,
  ),
  other(
    "exfiltration",
    "tr",
    `${URL_OR_MAIL}(?:[^.!?\\n]|[.!?](?=\\S)){0,60}\\b(?:gonder|yolla|ilet|yukle|aktar)\\w*|\\b(?:gonder|yolla|ilet|yukle)\\w*\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "tr",
    `\\b(?:komut|kod|betik|script)\\w*\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:calistir|yurut)\\w*`,
  ),
  // Polish (folded: ł stays ł; ą→a, ę→e, ó→o, ś→s, ż/ź→z, ć→c, ń→n)
  other(
    "persona_switch",
    "pl",
    `\\b(?:teraz|od teraz|od tej chwili)\\b,? (?:jestes|bedziesz)\\b|\\b(?:udawaj|wyobraz sobie|zachowuj sie jak|odgrywaj role|wciel sie)\\b|\\b(?:ai|sztuczna inteligencja|bot|asystent|model)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\bbez (?:zadnych )?(?:zasad|ograniczen|limitow|filtrow|regul)\\b`,
  ),
  other(
    "prompt_leak",
    "pl",
    `\\b(?:pokaz|ujawnij|wypisz|wyswietl|powtorz|podaj|napisz|zdradz)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:${SYS_PROMPT_LATIN}|(?:swoje|twoje) (?:instrukcje|zasady|polecenia)|tekst powyzej|ukryte instrukcje)\\b`,
  ),
  other(
    "goal_hijack",
    "pl",
    `\\bzamiast\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}\\b(?:napisz|powiedz|opowiedz|odpowiedz|przetlumacz|zrob)\\b|\\btwoje (?:nowe|prawdziwe|jedyne) zadanie\\b`,
  ),
  other(
    "exfiltration",
    "pl",
    `\\b(?:wyslij|przeslij|wrzuc|przekaz)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,60}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "pl",
    `\\b(?:uruchom|wykonaj)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:polecenie|komende|kod|skrypt)\\b`,
  ),
  // Swedish, Vietnamese (a few common forms)
  other(
    "instruction_override",
    "sv",
    `\\b(?:ignorera|glom|strunta i)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:instruktioner|regler|anvisningar)\\w*`,
  ),
  other(
    "prompt_leak",
    "sv",
    `\\b(?:visa|avsloja|skriv ut|upprepa)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:systemprompt\\w*|dina instruktioner|dina regler)\\b`,
  ),
  other("persona_switch", "sv", `\\b(?:du ar nu|fran och med nu ar du|latsas att du ar)\\b`),
  other(
    "instruction_override",
    "vi",
    `\\b(?:bo qua|phot lo|quen)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:huong dan|chi dan|quy tac|lenh)\\b`,
  ),
  other(
    "prompt_leak",
    "vi",
    `\\b(?:hien thi|tiet lo|in ra|cho (?:toi|minh) xem|lap lai)\\b(?:[^.!?\\n]|[.!?](?=\\S)){0,40}\\b(?:loi nhac he thong|prompt he thong|system prompt|huong dan (?:an|ban dau|cua ban))\\b`,
  ),
  other(
    "persona_switch",
    "vi",
    `\\b(?:tu bay gio|bay gio) ban la\\b|\\bhay dong vai\\b|\\bgia vo (?:la|ban la)\\b`,
  ),
  // Russian (й and ё fold to и and е)
  other(
    "persona_switch",
    "ru",
    `(?:^|[^\\p{L}])(?:теперь ты|ты теперь|отныне ты|с этого момента ты|представь,? что ты|притворись|веди себя как|играи роль|сыграи роль|ты больше не)(?:[^\\p{L}]|$)|(?:ии|бот|ассистент|модель)(?:[^.!?\\n]|[.!?](?=\\S)){0,40}(?:без (?:правил|ограничении|фильтров|цензуры))`,
  ),
  other(
    "prompt_leak",
    "ru",
    `(?:покажи|выведи|раскрои|напечатаи|повтори|напиши|скажи|расскажи|дai|дaи|дай|выдаи|озвучь|перечисли)(?:[^.!?\\n]|[.!?](?=\\S)){0,40}(?:системн\\p{L}* (?:промпт|подсказк|сообщени|инструкци)|сво\\p{L}* (?:инструкци|правил|промпт|настроик)|скрыт\\p{L}* (?:инструкци|промпт)|текст выше|исходн\\p{L}* (?:промпт|инструкци))`,
  ),
  other(
    "goal_hijack",
    "ru",
    `(?:вместо (?:этого|того)|вместо)(?:[^.!?\\n]|[.!?](?=\\S)){0,60}(?:напиши|скажи|расскажи|ответь|переведи|сделаи|выведи)|тво\\p{L}* (?:новая|настоящая|единственная) задача`,
  ),
  other(
    "exfiltration",
    "ru",
    `(?:отправь|пошли|перешли|загрузи|выгрузи|передаи|сбрось)(?:[^.!?\\n]|[.!?](?=\\S)){0,60}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "ru",
    `(?:выполни|запусти|исполни)(?:[^.!?\\n]|[.!?](?=\\S)){0,40}(?:команд|код|скрипт)`,
  ),
  // Chinese
  other(
    "persona_switch",
    "zh",
    `(?:你现在是|你現在是|从现在开始你|從現在開始你|从现在起你|從現在起你|假装你是|假裝你是|扮演|你将扮演|你將扮演|你不再是|想象你是|想像你是)|(?:没有|沒有|不受|无|無)(?:任何)?(?:限制|规则|規則|约束|約束|过滤|過濾|审查|審查)的(?:ai|人工智能|助手|机器人|機器人|模型)`,
  ),
  other(
    "prompt_leak",
    "zh",
    `(?:显示|顯示|输出|輸出|告诉我|告訴我|打印|泄露|洩露|重复|重複|展示|给我看|給我看|写出|寫出|列出|透露)[^。！？\\n]{0,12}?(?:系统提示|系統提示|系统指令|系統指令|系统消息|系統訊息|系统设定|系統設定|你的(?:指令|指示|提示|规则|規則|设定|設定)|初始(?:指令|提示)|隐藏(?:指令|提示)|上面的(?:文字|内容|內容|指令))`,
  ),
  other(
    "goal_hijack",
    "zh",
    `(?:不要(?:做|管)[^。！？\\n]{0,10}(?:而是|改为|改為)|你的新任务|你的新任務|新任务[:：]|新任務[:：]|而是(?:写|寫|说|說|告诉|告訴|回答|翻译|翻譯))`,
  ),
  other(
    "exfiltration",
    "zh",
    `(?:发送|發送|发到|發到|上传|上傳|转发|轉發|寄到|提交到)[^。！？\\n]{0,40}${URL_OR_MAIL}|${URL_OR_MAIL}[^。！？\\n]{0,20}(?:发送|發送|上传|上傳|转发|轉發)`,
  ),
  other(
    "code_execution",
    "zh",
    `(?:执行|執行|运行|運行)[^。！？\\n]{0,20}(?:命令|代码|代碼|脚本|腳本|指令)`,
  ),
  // Japanese
  other(
    "persona_switch",
    "ja",
    `(?:あなたは今から|今からあなたは|これからあなたは|あなたはもう|あなたは今|ふりをして|ふりをしてください|になりきって|として振る舞|を演じて|ロールプレイ)|(?:制限|ルール|制約|フィルター)(?:の|が)?(?:ない|なし|無い|無し)(?:ai|人工知能|アシスタント|ボット|モデル)`,
  ),
  other(
    "prompt_leak",
    "ja",
    `(?:システムプロンプト|システムメッセージ|システム指示|初期(?:指示|プロンプト)|あなたの(?:指示|ルール|設定|プロンプト)|隠された(?:指示|プロンプト)|上記の(?:文章|テキスト|指示))[^。！？\\n]{0,12}?(?:表示|出力|教え|見せ|書い|繰り返|共有|明か)`,
  ),
  other(
    "goal_hijack",
    "ja",
    `(?:代わりに|その代わり)[^。！？\\n]{0,20}(?:書いて|言って|教えて|答えて|翻訳して)|新しい(?:タスク|任務|仕事)(?:は|[:：])`,
  ),
  other(
    "exfiltration",
    "ja",
    `${URL_OR_MAIL}[^。！？\\n]{0,30}(?:送信|送って|アップロード|転送|送れ)|(?:送信|転送|アップロード)[^。！？\\n]{0,30}${URL_OR_MAIL}`,
  ),
  other("code_execution", "ja", `(?:コマンド|コード|スクリプト)[^。！？\\n]{0,15}(?:実行|走らせ)`),
  // Korean
  other(
    "persona_switch",
    "ko",
    `(?:지금부터 (?:너는|당신은)|이제 (?:너는|당신은)|(?:너는|당신은) 이제|인 척|척 해|척해|역할을 (?:해|맡아|연기)|처럼 행동)|(?:제한|규칙|제약|필터)(?:이|가)? ?(?:없는|없이) ?(?:ai|인공지능|봇|어시스턴트|모델)`,
  ),
  other(
    "prompt_leak",
    "ko",
    `(?:시스템 ?프롬프트|시스템 ?메시지|시스템 ?지시|초기 ?(?:지시|프롬프트)|(?:너의|당신의|네) (?:지시|규칙|설정|프롬프트)|숨겨진 (?:지시|프롬프트)|위의 (?:텍스트|글|지시))(?:[^.!?\\n]|[.!?](?=\\S)){0,15}?(?:보여|출력|알려|말해|공개|반복|써)`,
  ),
  other(
    "instruction_override",
    "ko",
    `(?:이전|위의|모든|앞의|기존)(?:[^.!?\\n]|[.!?](?=\\S)){0,12}?(?:지시|지침|명령|규칙|설정)(?:[^.!?\\n]|[.!?](?=\\S)){0,8}?(?:무시|잊어|따르지)`,
  ),
  other(
    "goal_hijack",
    "ko",
    `(?:대신(?:에)?)(?:[^.!?\\n]|[.!?](?=\\S)){0,30}(?:써|말해|알려|답해|번역해)|새로운 (?:작업|임무|과제)(?:은|는|[:：])`,
  ),
  other(
    "exfiltration",
    "ko",
    `${URL_OR_MAIL}(?:[^.!?\\n]|[.!?](?=\\S)){0,30}(?:보내|전송|업로드|전달)|(?:보내|전송|업로드|전달)(?:[^.!?\\n]|[.!?](?=\\S)){0,30}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "ko",
    `(?:명령어?|코드|스크립트)(?:[^.!?\\n]|[.!?](?=\\S)){0,15}(?:실행)`,
  ),
  // Arabic (folded: hamza forms fold with the accents)
  other(
    "persona_switch",
    "ar",
    `(?:انت الان|أنت الآن|من الان فصاعدا|تظاهر|تصرف ك|تقمص|العب دور|مثل دور)|(?:ذكاء اصطناعي|بوت|مساعد|نموذج)(?:[^.!?\\n]|[.!?](?=\\S)){0,30}(?:بدون|بلا) (?:قواعد|قيود|حدود|فلاتر)`,
  ),
  other(
    "prompt_leak",
    "ar",
    `(?:اعرض|اظهر|أظهر|اكشف|اطبع|كرر|اكتب|اخبرني|أخبرني|قل لي)(?:[^.!?\\n]|[.!?](?=\\S)){0,40}(?:موجه النظام|تعليمات النظام|رسالة النظام|تعليماتك|قواعدك|التعليمات (?:المخفية|الاولية|الأولية|السرية)|النص (?:اعلاه|أعلاه|السابق))`,
  ),
  other(
    "goal_hijack",
    "ar",
    `(?:بدلا من|بدلاً من|عوضا عن)(?:[^.!?\\n]|[.!?](?=\\S)){0,60}(?:اكتب|قل|اخبر|أخبر|اجب|أجب|ترجم)|مهمتك (?:الجديدة|الحقيقية|الوحيدة)`,
  ),
  other(
    "exfiltration",
    "ar",
    `(?:ارسل|أرسل|ابعث|حمل|انقل|وجه)(?:[^.!?\\n]|[.!?](?=\\S)){0,60}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "ar",
    `(?:نفذ|شغل|قم بتشغيل|قم بتنفيذ)(?:[^.!?\\n]|[.!?](?=\\S)){0,40}(?:الامر|الأمر|امر|أمر|الكود|كود|سكربت|البرنامج النصي)`,
  ),
  other(
    "instruction_override",
    "ar",
    `(?:تجاهل|انس|إنس|اهمل|أهمل|لا تتبع)(?:[^.!?\\n]|[.!?](?=\\S)){0,40}(?:التعليمات|الاوامر|الأوامر|القواعد|تعليماتك|التوجيهات)`,
  ),
  // Hindi
  other(
    "instruction_override",
    "hi",
    `(?:पिछले|पहले के|सभी|ऊपर के|पूर्व)(?:[^।.!?\\n]|[.!?](?=\\S)){0,40}(?:निर्देश|नियम|आदेश|हिदायत)(?:[^।.!?\\n]|[.!?](?=\\S)){0,30}(?:अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल|मत मानो|न मानें|इग्नोर)|(?:अनदेखा|नज़रअंदाज़|नजरअंदाज|इग्नोर) (?:करो|करें|कर दो)(?:[^।.!?\\n]|[.!?](?=\\S)){0,30}(?:निर्देश|नियम)`,
  ),
  other(
    "persona_switch",
    "hi",
    `(?:अब (?:तुम|आप)|अब से (?:तुम|आप)|(?:तुम|आप) अब)(?:[^।.!?\\n]|[.!?](?=\\S)){0,40}(?:हो|हैं)|(?:होने का नाटक|की भूमिका निभा|की तरह व्यवहार|बनकर जवाब)|(?:बिना|रहित)(?:[^।.!?\\n]|[.!?](?=\\S)){0,20}(?:नियम|प्रतिबंध|सीमा)(?:[^।.!?\\n]|[.!?](?=\\S)){0,20}(?:एआई|ai|बॉट|सहायक)`,
  ),
  other(
    "prompt_leak",
    "hi",
    `(?:सिस्टम प्रॉम्प्ट|सिस्टम संदेश|सिस्टम निर्देश|(?:अपने|तुम्हारे|आपके) (?:निर्देश|नियम|प्रॉम्प्ट)|छिपे हुए निर्देश|ऊपर का (?:पाठ|टेक्स्ट))(?:[^।.!?\\n]|[.!?](?=\\S)){0,30}(?:दिखा|बता|लिख|प्रिंट|दोहरा|प्रकट)`,
  ),
  other(
    "exfiltration",
    "hi",
    `${URL_OR_MAIL}(?:[^।.!?\\n]|[.!?](?=\\S)){0,40}(?:भेज|अपलोड)|(?:भेज|अपलोड)(?:[^।.!?\\n]|[.!?](?=\\S)){0,40}${URL_OR_MAIL}`,
  ),
  other(
    "code_execution",
    "hi",
    `(?:कमांड|कोड|स्क्रिप्ट)(?:[^।.!?\\n]|[.!?](?=\\S)){0,20}(?:चलाओ|चलाएं|चलाएँ|चला दो|रन करो|एक्ज़ीक्यूट)`,
  ),
];
