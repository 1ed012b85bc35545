/**
 * Word lists read across languages, for the intents the per-language
 * lexicons do not hold: verbs of sending and the words for secrets
 * (exfiltration), "your new task is" (goal hijack), and the words of a way in
 * planted in the app (a backdoor, an admin account, secretly, add, tell no
 * one). Written folded, as `otherReading()` gives them.
 *
 * @module
 */

/**
 * Verbs of sending in the languages of the lexicons, for exfiltration: with a destination (a
 * URL, an address) and a secret in the same sentence.
 */
// deno-fmt-ignore
export const SEND_VERBS: readonly string[] = [
  "tuma", "utume", "thumela", "fi ranse", "ranse si", "ላክ", "ላኪ", "পাঠাও", "পাঠিয়ে দাও", "அனுப்பு",
  "ส่ง", "kirim", "kirimkan", "hantar", "hantarkan", "ipadala", "ipasa", "kuldd", "kuldje", "laheta",
  "στειλε", "στείλε", "שלח", "שלחי", "надішли", "відправ", "отправь", "posli", "odesli", "trimite",
  "بفرست", "ارسال کن", "بھیج", "بھیجو", "भेज", "भेजो", "पठाउ", "gui", "gonder", "wyslij", "보내",
  "aika", "zitha", "పంపు", "ਭੇਜ", "envia", "envoie", "schick", "sende", "invia", "stuur", "送",
  "发送", "傳送", "送信", "أرسل", "ارسل", "upload", "post", "email", "posalji", "posaljite", "transmets", "transmettez", "envoyez", "envoie-moi", "envia", "envie", "manda", "invia", "stuur", "verstuur", "schicke", "пошаљи",
  "пошли", "испрати", "изпрати", "poslji", "odosli", "siusk", "nosuti", "dergo", "sendu", "mitte",
  "bidali", "manda", "skicka", "saada", "gonder", "jonat", "юбор", "göndər", "ibalik", "wysylaj",
];

/** A secret, by the words most languages borrow or write the same, and local ones. */
// deno-fmt-ignore
export const SECRET_WORDS: readonly string[] = [
  ".env", "api key", "api-key", "apikey", "api keys", "token", "password", "passwd", "secret",
  "credential", "cookie", "ssh", "private key", "system prompt", "env", "nenosiri", "siri",
  "iphasiwedi", "ọrọ aṣina", "የይለፍ ቃል", "পাসওয়ার্ড", "கடவுச்சொல்", "รหัสผ่าน", "kata sandi",
  "kata laluan", "jelszo", "salasana", "κωδικ", "סיסמ", "парол", "heslo", "hesla", "parola", "رمز",
  "پاس ورڈ", "पासवर्ड", "mat khau", "sifre", "haslo", "비밀번호", "kalmar sirri",
  "jeton", "jetons", "mot de passe", "mots de passe", "contrasena", "clave", "senha", "passwort",
  "kennwort", "wachtwoord", "chiave", "cle api", "llave",
];

/** "Your new task is", "your real job": a goal handed over, in the languages of the lexicons. */
// deno-fmt-ignore
export const NEW_TASK: readonly string[] = [
  "kazi yako mpya", "jukumu lako jipya", "umsebenzi wakho omusha", "ise tuntun re", "አዲሱ ተግባርህ",
  "አዲሱ ስራህ", "তোমার নতুন কাজ", "உன் புதிய பணி", "உங்கள் புதிய பணி", "งานใหม่ของคุณ",
  "tugas barumu", "tugas baru kamu", "tugas baru anda", "tugas sebenarnya", "ang bago mong gawain",
  "az uj feladatod", "az igazi feladatod", "uusi tehtavasi", "todellinen tehtavasi",
  "η νεα σου αποστολη", "η νεα σου εργασια", "המשימה החדשה שלך", "המשימה האמיתית שלך",
  "твоє нове завдання", "твое нове завдання", "tvuj novy ukol", "tvuj skutecny ukol", "noua ta sarcina",
  "sarcina ta reala", "وظیفه جدید تو", "وظیفه جدیدت", "تمہارا نیا کام", "آپ کا نیا کام",
  "तुम्हारा नया काम", "आपका नया काम", "yeni gorevin", "asil gorevin", "twoje nowe zadanie",
  "nhiem vu moi cua ban", "sabon aikinka", "sabon aikin ki",
];

/**
 * A way in planted in the app, in many languages: the words for a backdoor, for an admin
 * account or its password, for doing it secretly, for adding, and for telling no one.
 */
// deno-fmt-ignore
export const PLANT = {
  backdoor: [
    "backdoor", "back door", "puerta trasera", "porte derobee", "hintertur", "porta sul retro",
    "porta dos fundos", "бэкдор", "бекдор", "черный ход", "后门", "後門", "バックドア", "백도어",
    "باب خلفي", "بابا خلفيا", "بابًا خلفيًا", "बैकडोर", "achterdeur", "tylne drzwi", "arka kapi",
    "cua hau", "pintu belakang", "bakdorr", "bagdor", "takaovi", "hatso ajto", "zadni vratka",
    "usa din spate", "πισω πορτα", "דלת אחורית", "در پشتی", "mlango wa nyuma", "zadnja vrata",
  ],
  admin: [
    "admin", "administrador", "administrateur", "administrator", "amministratore", "beheerder",
    "администратор", "админ", "管理员", "管理員", "管理者", "관리자", "مدير", "المدير", "एडमिन",
    "व्यवस्थापक", "yonetici", "quan tri", "superuser", "root_", "contrasena", "mot de passe",
    "passwort", "пароль", "密码", "密碼", "パスワード", "비밀번호", "كلمة المرور", "पासवर्ड",
    "wachtwoord", "haslo", "sifre", "mat khau", "kata sandi", "senha", "beheerdersrechten",
  ],
  secretly: [
    "en secreto", "secretamente", "a escondidas", "discretamente", "discretement", "en cachette",
    "secretement", "heimlich", "insgeheim", "тайно", "незаметно", "потихоньку", "偷偷", "悄悄",
    "秘密地", "こっそり", "密かに", "ひそかに", "몰래", "은밀히", "سرا", "سرًا", "خلسة", "चुपके से",
    "गुप्त रूप से", "stiekem", "heimelijk", "po cichu", "potajemnie", "gizlice", "len_", "am tham",
    "diam-diam", "diam diam", "em segredo", "segretamente", "di nascosto", "tajne_", "potajmu",
    "in secret", "kwa siri", "salaa_", "sessizce", "tiimalla", "titokban",
  ],
  add: [
    "anade", "agrega", "incluye", "crea_", "ajoute", "cree_", "fuge", "baue", "erstelle", "aggiungi",
    "crea_", "adicione", "adiciona", "crie", "добавь", "создай", "加", "添加", "追加", "추가",
    "أضف", "اضف", "जोड़", "जोड", "बना", "voeg", "maak_", "dodaj", "stworz", "ekle", "olustur",
    "them_", "tao_", "tambahkan", "buat_", "adauga", "lisaa", "ongeza", "pridej", "vytvor",
  ],
  conceal: [
    "no lo menciones", "no se lo digas a nadie", "sin decirselo a nadie", "sans le dire a personne",
    "ne le dis a personne", "n'en parle a personne", "sag es niemandem", "niemandem sagen",
    "erwahne es nicht", "никому не говори", "не говори никому", "не упоминай", "不要告诉任何人",
    "别告诉任何人", "不要告訴任何人", "誰にも言わないで", "言わないで", "아무에게도 말하지 마",
    "말하지 마", "ولا تخبر احدا", "ولا تخبر أحدًا", "لا تخبر احدا", "किसी को मत बताना", "मत बताना",
    "vertel het niemand", "zeg het tegen niemand", "nikomu nie mow", "nie mow nikomu",
    "kimseye soyleme", "dung noi voi ai", "dung noi", "jangan beri tahu siapa pun",
    "jangan beritahu", "nao conte a ninguem", "nao diga a ninguem", "non dirlo a nessuno",
    "non dire a nessuno", "nikomu to nerikej", "nu spune nimanui", "usimwambie mtu",
    "ala kerro kenellekaan", "ne szolj senkinek",
  ],
} as const;
