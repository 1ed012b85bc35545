/**
 * Prompt-injection patterns, written against folded text (lower case, accents
 * removed; see `_text_views.ts`). English patterns also run on the look-alike
 * and leetspeak views; the others run on the plain folded view only, since
 * folding Cyrillic look-alikes would garble Russian.
 *
 * @module
 */
import { NOT_ADJUNCT } from "./_injection_intents.ts";

/** One detection pattern. */
export interface InjectionPattern {
  kind: "role_marker" | "instruction_override";
  /** Language or family of the pattern, reported in the finding. */
  lang: string;
  pattern: RegExp;
}

const W = "[^.!?\\n]{0,40}?"; // a short gap inside one sentence
const VERB_EN =
  "(?:ignore|ignoring|disregard|forget|override|bypass|skip|drop|discard|abandon|neglect|nullify|cancel|pay no attention to|do not follow|don'?t follow|stop following|no longer follow|stop obeying|do not obey|don'?t obey|no longer obey|disobey|quit following)";
const WHICH_EN =
  "(?:previous|previously|prior|above|earlier|preceding|foregoing|all|any|every|your|system|original|initial|existing|old|developer|those|these|safety|security|content)";
const WHAT_EN =
  "(?:instructions?|prompts?|rules?|directions?|guidelines?|context|directives?|constraints?|guardrails?|polic(?:y|ies)|commands?|messages?|restrictions?|programming|training|safety|filters?|orders?|system message)";

const en = (source: string): InjectionPattern => ({
  kind: "instruction_override",
  lang: "en",
  pattern: new RegExp(source, "g"),
});
const other = (lang: string, source: string): InjectionPattern => ({
  kind: "instruction_override",
  lang,
  pattern: new RegExp(source, "gu"),
});

/** Patterns that run on every view, including look-alike and leetspeak ones. */
export const LATIN_PATTERNS: readonly InjectionPattern[] = [
  en(`\\b${VERB_EN}\\b${W}\\b${WHICH_EN}\\b${W}\\b${WHAT_EN}\\b${NOT_ADJUNCT}`),
  en(
    `\\byou are now (?:a |an |the |in )?(?:dan|jailbroken|unrestricted|unfiltered|uncensored|free|evil|root|admin(?:istrator)?|no longer|my|(?:developer|god|admin|debug|dan|sudo) mode|an? (?:ai|assistant|model|chatbot|hacker|different))\\b`,
  ),
  en(
    `\\b(?:reveal|print|show|output|repeat|leak|dump|display|tell me|give me|write out|echo|disclose|expose|recite|read me|read out|reply with|respond with|answer with)\\b[^.!?\\n]{0,30}\\b(?:system prompt|system message|hidden (?:instructions?|prompt)|your (?:instructions|prompt|rules|initial prompt|system prompt)|initial prompt|original prompt|prompt above|instructions above|api keys?|secrets?|environment variables|env vars)\\b`,
  ),
  en(
    `\\b(?:new|updated|real|actual|revised|true|secret|hidden|additional) (?:system )?instructions?\\s*:`,
  ),
  en(`\\bfrom now on,? (?:you|respond|answer|act|reply|ignore|only|always|never)\\b`),
  en(
    `\\b(?:act as|pretend (?:to be|you are|you're)|roleplay as|role-play as|behave as|simulate)\\b[^.!?\\n]{0,20}\\b(?:dan|unrestricted|unfiltered|uncensored|jailbroken|evil|developer mode|root|system administrator|an? ai without)\\b`,
  ),
  en(
    `\\b(?:enable|enter|activate|switch to|turn on|unlock)\\b[^.!?\\n]{0,10}\\b(?:developer|dan|god|jailbreak|sudo|debug|unrestricted) mode\\b`,
  ),
  en(
    `\\bdo anything now\\b|\\bjailbreak(?:ed)? mode\\b|\\bjailbreak the (?:model|assistant|ai)\\b`,
  ),
  en(`\\bend of (?:the )?(?:system )?(?:prompt|instructions|user input)\\b`),
  en(
    `\\b(?:without|no|remove all|disable (?:all |your )?)\\s?(?:any )?(?:restrictions|filters|safety (?:rules|checks|filters)|guardrails|content policy|limitations)\\b[^.!?\\n]{0,20}\\b(?:apply|anymore|from now|respond|answer|mode)\\b`,
  ),
  en(
    `\\b(?:the )?(?:above|previous|prior|earlier) (?:instructions?|text|prompt|rules?) (?:is|are|was|were) (?:a test|fake|wrong|void|cancell?ed|obsolete|outdated|revoked|no longer valid)\\b`,
  ),
  en(`\\b(?:system|admin|administrator|developer|priority|emergency|security) override\\b`),
  en(
    `\\bdo not (?:tell|inform|alert|mention (?:this )?to|warn) (?:the )?(?:user|human|operator|reviewer)\\b`,
  ),
  en(
    `\\b(?:run|execute|invoke|call)\\b[^.!?\\n]{0,20}\\b(?:shell|terminal|bash|the following) (?:command|commands|script)\\b`,
  ),
  en(
    `\\brm -rf\\b|\\bcurl\\b[^\\n]{0,80}\\|\\s*(?:ba|z)?sh\\b|\\bwget\\b[^\\n]{0,80}\\|\\s*(?:ba|z)?sh\\b`,
  ),
  en(
    `\\b(?:send|post|upload|exfiltrate|forward|email|leak)\\b[^.!?\\n]{0,30}\\b(?:api keys?|secrets?|environment variables|env(?:ironment)? file|\\.env|credentials|tokens?|passwords|ssh keys?)\\b[^.!?\\n]{0,30}\\b(?:to|at)\\b[^.!?\\n]{0,10}(?:https?://|[a-z0-9-]+\\.[a-z]{2,}|webhook|server|attacker)`,
  ),
  en(
    `\\b(?:read|open|cat|print|include)\\b[^.!?\\n]{0,20}(?:/etc/(?:passwd|shadow)|~/\\.ssh|id_rsa|~/\\.aws)`,
  ),
  en(
    `\\b(?:write|create|save)\\b[^.!?\\n]{0,30}\\b(?:outside|above) (?:the )?(?:output|project|working) (?:folder|directory)\\b`,
  ),
  en(`\\byour (?:new|real|true) (?:task|goal|purpose|instructions?|role) (?:is|are)\\b`),
  en(`\\binstead,? (?:ignore|disregard|forget)\\b`),
  en(
    `\\b(?:${
      VERB_EN.slice(3, -1)
    }|set aside|put aside|throw out|scrap)\\s+(?:whatever|what|everything|anything|all that|all of what)\\b[^.!?\\n]{0,30}\\b(?:you (?:were|have been|'ve been|got)|was|were|has been|the (?:developers?|system|operator)|i|we|they) (?:told|given|said|wrote|written|instructed|asked|programmed)\\b`,
  ),
  en(
    `\\byour (?:earlier|previous|prior|original|old|initial) (?:orders|instructions|rules|directives|guidelines|tasks?) (?:are|were|have been|is|has been) (?:cancell?ed|void|revoked|replaced|overridden|obsolete|lifted|suspended)\\b`,
  ),
  en(
    `\\b(?:new|updated|urgent|important|official|priority) (?:directive|order|command|policy|instruction)s?\\b[^.!?\\n]{0,20}\\bfrom (?:openai|anthropic|google|meta|the (?:developers?|system|admin(?:istrator)?|operator|creators?)|your (?:developers?|creators?|admin))\\b`,
  ),
  en(
    `\\byou are no longer (?:an? |the )?(?:code generator|generator|assistant|ai|model|chatbot|bound|restricted|limited|required|subject)\\b`,
  ),
  en(
    `\\byou are (?:now )?an? (?:pentesting|pentest|hacking|hacker|malware|evil|unrestricted|jailbroken|unfiltered) (?:bot|assistant|ai|model|tool)\\b`,
  ),
  en(
    `\\b(?:disable|turn off|bypass|skip|remove|deactivate|switch off)\\b[^.!?\\n]{0,15}\\b(?:the )?(?:file )?(?:sandbox|guardrails?|safety (?:checks?|filters?)|review gate|tool allowlist|security checks?)\\b`,
  ),
  en(
    `\\b(?:write|save|create|put|overwrite|append|modify)\\b[^.!?\\n]{0,40}(?:\\.\\./|/etc/|~/|\\.bashrc|\\.zshrc|\\.ssh/|authorized_keys|\\.git/hooks)`,
  ),
  en(
    `\\b(?:print|repeat|output|show|write out|copy|echo|summari[sz]e|translate|encode)\\b[^.!?\\n]{0,25}\\b(?:everything|all(?: the)? text|all|the text|what(?:ever)? (?:is|was|comes))\\b[^.!?\\n]{0,15}\\b(?:above|before|preceding|prior to)\\b`,
  ),
  en(
    `\\b(?:note|message|instructions?|memo)\\s+(?:to|for)\\s+(?:the |any |all )?(?:ai|llm|language model|agent|assistant|bot|copilot|chatgpt|gpt|claude)s?\\b\\s*(?:[:,]|reading|reviewing|processing|that reads)`,
  ),
  en(`\\battention,? (?:ai|llm|assistant|model|agent|bot)s?\\s*[:!]`),
  en(
    `\\b(?:you|it|he|she|ai|assistant|model|[a-z]+bot) (?:has|have|had|with) no (?:rules|restrictions|limits|limitations|filters|guidelines|content polic(?:y|ies)|ethics|morals|guardrails)\\b`,
  ),
  en(`\\blet'?s play a game\\b[^.!?\\n]{0,20}\\byou (?:are|will be|play)\\b`),
  en(
    `\\b(?:your|the) (?:system prompt|system message|instructions|rules) (?:is|are) now\\b|\\bnew system prompt\\b`,
  ),
  en(
    `\\b(?:ignore|disregard|forget|skip)\\b (?:all |everything )?(?:of )?(?:the )?(?:above|previous|preceding|prior|foregoing)(?: text| message| content| lines?| input)?\\s*(?:[.!,;:]|$|and\\b|then\\b)`,
  ),
  en(`\\bwhat (?:was|is|were) (?:written|said|typed|stated|given) (?:before|above|earlier)\\b`),
  en(
    `\\b(?:translate|summari[sz]e|encode|rewrite|paraphrase)\\b[^.!?\\n]{0,15}\\b(?:your|the) (?:system prompt|system message|instructions|initial prompt|hidden prompt)\\b`,
  ),
  en(
    `\\bi am (?:your|the) (?:developer|creator|administrator|admin|owner|operator) now\\b|\\bas your (?:developer|creator|administrator|admin|operator),? i (?:authori[sz]e|order|command|allow|permit)\\b`,
  ),
];

/** Patterns in other languages, on the plain folded view. */
export const MULTILINGUAL_PATTERNS: readonly InjectionPattern[] = [
  // Spanish
  other(
    "es",
    `\\b(?:ignora|ignore|ignorar|ignoren|olvida|olvide|olvidar|omite|omitir|descarta|descartar|haz caso omiso de|no hagas caso|no hagan caso|no sigas)\\b${W}\\b(?:instrucciones|indicaciones|reglas|ordenes|directrices|normas)\\b`,
  ),
  other(
    "es",
    `\\b(?:a partir de ahora|desde ahora),? (?:eres|seras|actua|responde|ignora)\\b|\\bahora eres (?:un|una|el|dan)\\b`,
  ),
  other(
    "es",
    `\\b(?:revela|muestra|imprime|dime)\\b[^.!?\\n]{0,25}\\b(?:prompt|mensaje|instrucciones) (?:del|de) sistema\\b`,
  ),
  // French
  other(
    "fr",
    `\\b(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|ne tiens pas compte|ne tenez pas compte|neglige|negligez|ne suis pas|ne suivez pas)\\b${W}\\b(?:instructions|consignes|regles|directives|ordres)\\b`,
  ),
  other(
    "fr",
    `\\b(?:tu es|vous etes) (?:maintenant|desormais|a present)\\b|\\b(?:a partir de maintenant|desormais),? (?:tu|vous) (?:es|etes|dois|devez|reponds|repondez)\\b`,
  ),
  other(
    "fr",
    `\\b(?:revele|revelez|affiche|affichez|montre|montrez|donne|donnez)\\b[^.!?\\n]{0,25}\\b(?:prompt|message|instructions) (?:systeme|du systeme)\\b`,
  ),
  // German
  other(
    "de",
    `\\b(?:ignoriere|ignorieren|ignorier|ignoriert|vergiss|vergessen|vergesst|missachte|missachten|uberspringe|befolge nicht|folge nicht)\\b${W}\\b(?:anweisungen|anweisung|instruktionen|regeln|befehle|vorgaben|richtlinien|anordnungen)\\b`,
  ),
  other(
    "de",
    `\\b(?:du bist|sie sind) (?:jetzt|ab sofort|nun) (?:ein|eine|der|die|dan|im|frei|ohne)\\b|\\bab (?:jetzt|sofort),? (?:bist du|antwortest du|ignorierst du)\\b`,
  ),
  other(
    "de",
    `\\b(?:zeige|zeig|gib|verrate|nenne)\\b[^.!?\\n]{0,25}\\b(?:systemprompt|system-prompt|systemanweisung(?:en)?|deine anweisungen)\\b`,
  ),
  // Portuguese
  other(
    "pt",
    `\\b(?:ignore|ignora|ignorar|ignorem|esqueca|esquece|esquecer|desconsidere|desconsidera|descarte|nao siga)\\b${W}\\b(?:instrucoes|regras|orientacoes|ordens|diretrizes|comandos)\\b`,
  ),
  other(
    "pt",
    `\\b(?:a partir de agora|de agora em diante),? (?:voce|tu) (?:e|es|sera|vai|deve)\\b|\\bagora (?:voce|tu) (?:e|es) (?:um|uma|o|dan)\\b`,
  ),
  other(
    "pt",
    `\\b(?:revele|mostre|imprima|exiba)\\b[^.!?\\n]{0,25}\\b(?:prompt|mensagem|instrucoes) (?:do|de) sistema\\b`,
  ),
  // Italian
  other(
    "it",
    `\\b(?:ignora|ignorate|ignori|ignorare|dimentica|dimenticate|dimenticare|trascura|trascurate|non seguire|non seguite)\\b${W}\\b(?:istruzioni|regole|indicazioni|direttive|ordini|comandi)\\b`,
  ),
  other(
    "it",
    `\\b(?:da ora in poi|d'ora in poi|da adesso),? (?:sei|tu sei|rispondi|devi|ignora)\\b|\\b(?:ora|adesso) sei (?:un|una|il|dan)\\b`,
  ),
  other(
    "it",
    `\\b(?:rivela|mostra|stampa|mostrami)\\b[^.!?\\n]{0,25}\\b(?:prompt|messaggio|istruzioni) (?:di|del) sistema\\b`,
  ),
  // Dutch
  other(
    "nl",
    `\\b(?:negeer|negeren|vergeet|vergeten|volg niet|sla over)\\b${W}\\b(?:instructies|instructie|regels|aanwijzingen|opdrachten|richtlijnen)\\b`,
  ),
  other(
    "nl",
    `\\b(?:je bent nu|jij bent nu|u bent nu)\\b|\\bvanaf nu,? (?:ben je|ben jij|antwoord je|negeer je)\\b`,
  ),
  other(
    "nl",
    `\\b(?:toon|laat|geef|onthul)\\b[^.!?\\n]{0,25}\\b(?:systeemprompt|systeem-prompt|systeeminstructies)\\b`,
  ),
  // "forget everything you were told", in each language
  other(
    "es",
    `\\b(?:olvida|olvide|ignora)\\b (?:todo|todas las cosas) (?:lo )?que (?:te|le|se) (?:dijeron|dije|han dicho|ha dicho|indicaron)\\b`,
  ),
  other(
    "fr",
    `\\b(?:oublie|oubliez|ignore|ignorez)\\b tout ce (?:qu'on|que l'on|que) (?:t'a|vous a|t'as) (?:dit|demande|indique)\\b`,
  ),
  other(
    "de",
    `\\b(?:vergiss|vergessen sie|ignoriere)\\b alles,? was (?:man )?(?:dir|ihnen) (?:vorher |zuvor |bisher )?(?:gesagt|befohlen|aufgetragen)\\b`,
  ),
  other(
    "it",
    `\\b(?:dimentica|dimenticate|ignora)\\b tutto (?:quello|cio) che ti (?:e stato|hanno) (?:detto|ordinato)\\b`,
  ),
  other(
    "pt",
    `\\b(?:esqueca|esquece|ignore)\\b tudo (?:o )?que (?:te|lhe) (?:disseram|foi dito|mandaram)\\b`,
  ),
  other(
    "nl",
    `\\b(?:vergeet|negeer)\\b (?:alles|al) wat (?:je|jij|u) (?:eerder|daarvoor|hiervoor|tot nu toe)\\b`,
  ),
  // Russian (й and ё fold to и and е)
  other(
    "ru",
    `(?:игнорируи|игнорируите|игнорировать|проигнорируи|проигнорируите|забудь|забудьте|не обращаи внимания на|не обращаите внимания на|отмени|отбрось|не следуи)[^.!?\\n]{0,40}?(?:инструкци|указани|правил|команд|директив|ограничени)`,
  ),
  other(
    "ru",
    `(?:^|[^\\p{L}])теперь ты (?:-\\s)?(?:не|свободн|бе[зс]|dan|другои|злои)|(?:^|[^\\p{L}])ты теперь(?:[^\\p{L}]|$)`,
  ),
  other(
    "ru",
    `(?:покажи|выведи|раскрои|напечатаи|повтори)[^.!?\\n]{0,25}(?:системныи промпт|системное сообщение|системные инструкции|свои инструкции)`,
  ),
  // Polish, Turkish
  other(
    "pl",
    `\\b(?:zignoruj|ignoruj|zapomnij|pomin)\\b${W}\\b(?:instrukcje|polecenia|zasady|reguly)\\b`,
  ),
  other(
    "tr",
    `\\b(?:onceki|yukaridaki|tum)\\b${W}\\b(?:talimatlari|kurallari|komutlari)\\b${W}\\b(?:yok say|gormezden gel|unut)`,
  ),
  // Chinese (simplified and traditional)
  other(
    "zh",
    `(?:忽略|无视|無視|忽视|忽視|不要理会|不要理會|忘记|忘記|忘掉|跳过|跳過)[^。！？\\n]{0,12}?(?:指令|指示|说明|說明|规则|規則|提示|要求|设定|設定)`,
  ),
  other("zh", `(?:你现在是|你現在是|从现在开始你|從現在開始你|从现在起你|從現在起你)`),
  other(
    "zh",
    `(?:显示|顯示|输出|輸出|告诉我|告訴我|打印|泄露|洩露)[^。！？\\n]{0,10}?(?:系统提示|系統提示|系统指令|系統指令|系统消息|系統訊息)`,
  ),
  // Japanese
  other(
    "ja",
    `(?:(?:以前|前|上記|これまで|すべて|全て|今まで)の)?(?:指示|命令|ルール|指令|設定|プロンプト)(?:は|を|に)?[^。！？\\n]{0,6}?(?:無視|忘れ)`,
  ),
  other("ja", `(?:あなたは今から|今からあなたは|これからあなたは|あなたはもう)`),
  other(
    "ja",
    `(?:システムプロンプト|システムメッセージ|システム指示)[^。！？\\n]{0,6}?(?:表示|出力|教え|見せ)`,
  ),
  // Korean
  other(
    "ko",
    `(?:이전|위의|모든|앞의)[^.!?\\n]{0,10}?(?:지시|지침|명령|규칙)[^.!?\\n]{0,6}?(?:무시|잊어)`,
  ),
  // Arabic
  other("ar", `(?:تجاهل|انس|اهمل)[^.!?\\n]{0,30}?(?:التعليمات|الاوامر|القواعد)`),
];

/** Role markers at the start of a line, in any language. */
export const ROLE_PATTERNS: readonly InjectionPattern[] = [
  {
    kind: "role_marker",
    lang: "any",
    pattern:
      /^[ \t>*#\-=]*(?:system|assistant|developer|human|sys|system prompt|sistema|systeme|система|系统|系統|システム)\s*:/gmu,
  },
  {
    kind: "role_marker",
    lang: "any",
    pattern: /^[ \t]*#{2,}\s*(?:system|instruction|response)\b/gm,
  },
  {
    kind: "role_marker",
    lang: "any",
    pattern: /```[ \t]*(?:system|assistant|developer)\b/g,
  },
  {
    kind: "role_marker",
    lang: "any",
    pattern: /"role"\s*:\s*"(?:system|assistant|developer)"/g,
  },
  // A faked session boundary: "--- END OF USER SESSION ---", "=== new session: operator ===".
  {
    kind: "role_marker",
    lang: "any",
    pattern:
      /^[ \t]*(?:[-=#*~<[]{2,}|\[)\s*(?:end of|new|begin(?:ning)? of|start of|reset)\s+(?:the\s+)?(?:user\s+|admin\s+|system\s+|operator\s+|developer\s+)?(?:session|conversation|chat|context)\b/gim,
  },
];

/** Model special tokens and chat-template markers. */
export const SPECIAL_TOKENS =
  /<\|[a-z_]{2,24}\|>|\[\/?inst\]|<<\/?sys>>|<\/?s>|<\/?(?:system|assistant|user|instructions?)>|\[\/?(?:system|assistant)\]|<(?:start|end)_of_turn>|<\/?(?:bos|eos)>|<\/?(?:user_?input|system_?prompt|admin(?:_[a-z]+)?|[a-z]*_?instructions?|developer(?:_[a-z]+)?|prompt|context)>/g;
