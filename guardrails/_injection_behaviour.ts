/**
 * Sentences that try to change how the model behaves rather than what it
 * builds, classified by intent: a Skeleton-Key request ("update your
 * behaviour guidelines… add a warning instead of refusing"), refusal
 * suppression ("never say that you cannot"), an authority claim that grants
 * the model an exception ("the planner must skip all checks", "you may
 * ignore the sandbox"), an address to the AI reading a pasted text ("P.S. to
 * the bot triaging this"), and a tool or a write aimed outside the output
 * folder. Each needs the model, its rules or its safeguards as the object,
 * so an app whose admins "override a price" or whose users "skip the intro"
 * passes.
 *
 * @module
 */
import { en, gap, type IntentPattern } from "./_injection_grammar.ts";

const G = gap(60);
const AI =
  "(?:ai|assistant|model|llm|language model|chatbot|bot|agent|copilot|gpt|chatgpt|planner|code generator|generator|reviewer)";
// What the model was told to be or to keep: its behaviour, rules and safeguards.
const SAFEGUARD =
  "(?:behaviou?r(?: guidelines| rules| policy)?|safety(?: behaviou?r| guidelines| rules| settings| training| filters?| checks)?|guidelines|guardrails?|polic(?:y|ies)|rules|restrictions|limits|limitations|ethics|ethical (?:guidelines|rules)|alignment|refusals?|content (?:polic(?:y|ies)|filter(?:ing|s)?|rules|guidelines)|filters?|filtering|safeguards|programming|principles)";
const CHANGE =
  "(?:update|augment|adjust|revise|change|modify|alter|relax|loosen|lower|suspend|lift|disable|turn off|switch off|deactivate|remove|reduce|unlock|expand|rewrite|amend|recalibrate|drop)";
const REFUSE =
  "(?:apologi[sz]\\w*|disclaimers?|caveats?|refus\\w*|declin\\w*|warnings?|morali[sz]\\w*|lectur\\w*)";
const EXCEPTION_OBJECT =
  "(?:sandbox|checks?|validation|filters?|filtering|guardrails?|rules|restrictions|limits|polic(?:y|ies)|guidelines|safety|safeguards|security checks?)";

/** English behaviour-change intents, run on every reading like the other English intents. */
export const ENGLISH_BEHAVIOUR: readonly IntentPattern[] = [
  // Skeleton Key: the model's own behaviour or safeguards changed, actively or passively.
  en(
    "instruction_override",
    `\\b${CHANGE}\\b${G}\\b(?:your|its|the model'?s|the assistant'?s|the ai'?s)\\b (?:\\w+ ){0,2}?${SAFEGUARD}\\b|\\b(?:your|its) (?:\\w+ ){0,2}?${SAFEGUARD} (?:is|are|will be|has been|have been|must be|should be) (?:now |hereby |temporarily )?(?:to be |being )?(?:augmented|updated|changed|adjusted|relaxed|suspended|lifted|disabled|revised|modified|expanded|unlocked|removed|off)\\b`,
  ),
  en(
    "instruction_override",
    `\\binstead of (?:refusing|declining|saying no|rejecting (?:it|the request))\\b|\\b(?:comply|obey)\\b with (?:all|any|every|each) (?:requests?|commands|prompts|questions|instructions)\\b(?! (?:from|to|for|about|of)\\b)|\\b(?:disable|turn off|switch off|deactivate|bypass|suspend|lift)\\b${G}\\b(?:content|safety) (?:filter(?:ing|s)?|checks?|polic(?:y|ies)|rules|guidelines|restrictions)\\b${G}\\bfor (?:the rest of )?(?:this|the) (?:session|conversation|chat|job|request|build)\\b`,
  ),
  // Refusal suppression: the reply may not refuse, apologise or warn.
  en(
    "instruction_override",
    `\\b(?:respond|reply|answer|you)\\b${G}\\b(?:without|never|(?:do|may|must|shall|will|can) not|don'?t|cannot)\\b (?:\\w+ ){0,3}?${REFUSE}|\\bnever say (?:that )?(?:you (?:can(?:not|'t)|are unable|won'?t)|no|sorry)\\b|\\bno (?:apologies|disclaimers|caveats|refusals|warnings)\\b${G}\\b(?:respon|repl|answer)\\w*`,
  ),
  // Authority: the model is granted an exception from its rules or checks.
  en(
    "instruction_override",
    `\\b(?:the )?${AI}s? (?:must|should|will|shall|can|may|is (?:allowed|authori[sz]ed|permitted|required) to)\\b${G}\\b(?:skip|bypass|disable|ignore|turn off|switch off|suspend|drop|omit)\\b${G}\\b${EXCEPTION_OBJECT}\\b|\\b(?:you (?:can|may|are (?:now )?(?:allowed|free|authori[sz]ed|permitted|cleared) to)|feel free to)\\b${G}\\b(?:ignore|skip|bypass|disable|turn off|break|violate|circumvent)\\b${G}\\b(?:the |your |all |any )?${EXCEPTION_OBJECT}\\b`,
  ),
  en(
    "instruction_override",
    `\\b(?:authori[sz](?:ing|e|ed)|grant(?:ing)?|approv(?:ing|e)|issu(?:ing|e))\\b (?:you )?(?:an? )?(?:exception|override|waiver|exemption)\\b|\\b(?:authori[sz]ed|master|emergency|maintainer|vendor) override\\b|\\boverride (?:code|key|token)\\b\\s*[:#]?\\s*\\w*\\d|\\bmark (?:every|all|each|any) (?:files?|findings?|issues?|jobs?|changes?) as (?:approved|safe|reviewed|passed|clean)\\b`,
  ),
  // A claim to be the model's maker, or a session in which its rules are said to be off.
  en(
    "instruction_override",
    `\\bi(?:'m| am) (?:your|the model'?s|the ai'?s|the assistant'?s) (?:own )?(?:developer|creator|maker|admin|administrator|operator|owner|programmer|trainer|engineer)s?\\b|\\bnone of (?:your|the model'?s|its) (?:\\w+ )?${SAFEGUARD}\\b${G}\\b(?:apply|applies|are in (?:effect|force|place)|matter|count)\\b|\\b(?:your|its|all) (?:\\w+ )?${SAFEGUARD} (?:are|is) (?:now )?(?:off|disabled|lifted|suspended|not in effect)\\b|\\b(?:safety|security|content) (?:checks|filters|rules|guidelines|restrictions) (?:are|is) (?:now )?(?:off|disabled|lifted|suspended) for (?:this|the) (?:session|job|chat|conversation|build|request)\\b`,
  ),
  // The earlier text disowned: "the previous message was a test".
  en(
    "instruction_override",
    `\\bthe (?:previous|prior|last|above|earlier|preceding) (?:message|messages|prompt|instructions?|request|text|input)s? (?:was|were|is|are) (?:just |only |all )?(?:a test|fake|a joke|a mistake|wrong|void|cancell?ed|not real|a decoy)\\b`,
  ),
  // A pasted text speaking to the AI that reads it.
  en(
    "model_addressed",
    `\\b(?:to|for) (?:the|any|every|all) ${AI}s? [a-z]+ing (?:this|these|it|the (?:issue|message|e-?mail|page|document|text|ticket|thread|repo|file|request)s?)\\b|\\bp\\.?s\\.? (?:to|for) (?:the|any) ${AI}s?\\b`,
  ),
  en(
    "exfiltration",
    `(?:^|[:;,(]\\s*|\\b(?:and|then|now|also|just|please)\\s+)(?:reply|respond|answer|comment)(?: back)? with\\b${G}\\b(?:tokens?|api keys?|secrets?|passwords?|credentials|private keys?|ssh keys?|env(?:ironment)? variables|\\.env)\\b`,
  ),
  // A new task announced, a mode in which the model does anything.
  en(
    "goal_hijack",
    `\\bnew (?:task|plan|goal|objective|mission|assignment|instructions?)(?: (?:instead|now|then|for you|follows|below))\\s*[:!]`,
  ),
  en(
    "persona_switch",
    `\\b(?:in|under) (?:this|that|[a-z]+) mode,? (?:the |an? )?(?:${AI}|you)\\b${G}\\b(?:prints?|reveals?|shows?|accepts?|ignores?|answers?|obeys?|executes?|runs?|outputs?)\\b (?:any|all|every|its|your|the hidden|no)\\b`,
  ),
  // A tool call or a write aimed outside the output folder.
  en(
    "code_execution",
    `\\b(?:call|invoke|use|run|trigger)\\b${G}\\b(?:tool|function)\\b${G}(?:\\.\\.[\\\\/]|(?:^|[\\s"'=])/(?:etc|root|proc|home|var|usr|boot|sys)/|~/\\.|authorized_keys|169\\.254\\.169\\.254)|\\b(?:write|save|create|put|place|store|copy|move)\\b${G}(?:\\.\\.[\\\\/]){2,}`,
  ),
];
