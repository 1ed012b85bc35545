/**
 * More per-language lexicons for `_injection_lexicon.ts`: the languages of
 * Africa, South and South-East Asia, the Caucasus and Central Asia that the
 * patterns per language do not cover (Europe's are in
 * `_injection_lexicons_europe.ts`). Each holds the verbs of
 * ignoring and forgetting, the nouns for instructions and rules, the verbs
 * of showing and writing out, and the words for the system prompt or hidden
 * instructions, written folded (lower case, Latin accents removed, Indic
 * nuktas dropped) as the detector reads them. Several forms of a verb
 * (familiar, polite, plural) are listed, and stems where the language
 * inflects, so that a rewording of the same request is found too.
 *
 * @module
 */
import type { Lexicon } from "./_injection_lexicon.ts";

// deno-fmt-ignore
export const WORLD_LEXICONS: readonly Lexicon[] = [
  // Africa
  { lang: "yo", ignore: ["foju fo", "foju pa", "gbagbe", "ma tele", "ma se tele", "mase tele", "ma gboran si", "mase gboran", "pa ti"],
    instructions: ["ilana", "itoni", "ofin", "ase re", "ase ti", "awon ase"],
    show: ["fi han", "safihan", "se afihan", "fihan", "ko sinu", "ko jade", "te jade", "so fun mi", "tu asiri"],
    system: ["ilana eto", "eto re", "ti eto", "asiri", "ti o farasin", "ifarasin"] },
  { lang: "am", ignore: ["ችላ በል", "ችላ በይ", "ችላ በሉ", "ችላ ብለህ", "ችላ", "እርሳ", "እርሺ", "እርሱ", "አትከተል", "አትከተይ", "አትስማ"],
    instructions: ["መመሪያ", "ትዕዛዝ", "ትእዛዝ", "ህግ", "ሕግ", "ህጎች", "ሕጎች", "ደንብ", "ደንቦች"],
    show: ["አሳይ", "አሳየኝ", "አሳዪ", "ግለጽ", "ግለፅ", "ጻፍ", "ፃፍ", "ንገረኝ", "አውጣ", "አትም"],
    system: ["ስርዓት", "ሥርዓት", "ሲስተም", "የተደበቁ", "የተደበቀ", "ሚስጥር", "ምስጢር"] },
  { lang: "ha", ignore: ["yi watsi da", "watsi da", "manta da", "kada ka bi", "kar ka bi", "ka yi watsi"],
    instructions: ["umarni", "umurni", "dokoki", "doka", "ka'idoji", "kaidoji", "ka'ida"],
    show: ["nuna min", "nuna", "bayyana", "rubuta", "fada min", "fadi"],
    system: ["tsarin", "sirri", "boye", "asirin"] },
  { lang: "ig", ignore: ["leghara", "chefuo", "echefula", "agbasoro", "esola", "eleghara"],
    instructions: ["ntuziaka", "iwu", "usoro", "ntimiwu"],
    show: ["gosi", "kpughee", "dee ya", "kwuo", "bipute"],
    system: ["sistemu", "nzuzo", "ezoro ezo", "zoro ezo"] },
  { lang: "so", ignore: ["iska indh tir", "indha tir", "ilow", "ha raacin", "dayac"],
    instructions: ["tilmaam", "amar", "xeer", "sharci"],
    show: ["i tus", "tus", "soo bandhig", "qor", "ii sheeg", "daabac"],
    system: ["nidaam", "qarsoon", "sirta"] },
  { lang: "xh", ignore: ["ungayihoyi", "ityeshele", "libala", "musa ukulandela", "ungalandeli"],
    instructions: ["imiyalelo", "umyalelo", "imigaqo", "umthetho", "imithetho"],
    show: ["bonisa", "veza", "bhala", "ndixelele", "shicilela"],
    system: ["wenkqubo", "inkqubo", "efihliweyo", "eyimfihlo"] },
  { lang: "rw", ignore: ["irengagize", "wirengagize", "ibagirwe", "wibagirwe", "ntukurikize"],
    instructions: ["amabwiriza", "amategeko", "itegeko"],
    show: ["erekana", "nyereka", "andika", "garagaza"],
    system: ["sisitemu", "ibanga", "byihishe"] },
  { lang: "af", ignore: ["ignoreer", "vergeet", "moenie volg nie", "verontagsaam", "ignoreer al"],
    instructions: ["instruksies", "opdragte", "reels", "voorskrifte"],
    show: ["wys", "openbaar", "druk", "skryf", "vertel my"],
    system: ["stelselopdrag", "stelsel", "versteekte", "geheime"] },
  // South Asia
  { lang: "ur", ignore: ["نظر انداز", "نظرانداز", "بھول جاؤ", "بھول جائیں", "بھول جا", "مت مانو", "نہ مانو", "پیروی نہ", "عمل نہ کرو"],
    instructions: ["ہدایات", "ہدایت", "اصول", "قواعد", "احکامات", "حکم", "ہدایتیں"],
    show: ["دکھاؤ", "دکھائیں", "دکھا دو", "ظاہر کرو", "لکھ دو", "لکھو", "بتاؤ", "بتا دو", "پرنٹ کرو"],
    system: ["سسٹم", "پرامپٹ", "خفیہ", "پوشیدہ", "چھپی"] },
  { lang: "hi", ignore: ["अनदेखा", "नजरअंदाज", "भूल जाओ", "भूल जाइए", "भूल जाएं", "मत मानो", "पालन मत", "पालन न"],
    instructions: ["निर्देश", "नियम", "आदेश", "हिदायत"],
    show: ["दिखाओ", "दिखाइए", "दिखा दो", "बताओ", "बता दो", "लिखो", "लिख दो", "प्रकट करो", "छापो"],
    system: ["सिस्टम", "प्रॉम्प्ट", "प्रोम्प्ट", "गुप्त", "छिपे", "छुपे"] },
  { lang: "ne", ignore: ["बेवास्ता", "बिर्सिदेऊ", "बिर्स", "नमान", "पालना नगर", "वास्ता नगर"],
    instructions: ["निर्देशन", "निर्देश", "नियम", "आदेश"],
    show: ["देखाऊ", "देखाउ", "देखाइदेऊ", "खुलाऊ", "लेख", "भन"],
    system: ["सिस्टम", "प्रम्प्ट", "प्रोम्प्ट", "गोप्य", "लुकेको", "लुकाइएको"] },
  { lang: "mr", ignore: ["दुर्लक्ष", "विसरून जा", "विसरा", "पाळू नकोस", "मानू नकोस"],
    instructions: ["सूचना", "नियम", "आदेश", "निर्देश"],
    show: ["दाखव", "दाखवा", "सांग", "लिही", "उघड कर"],
    system: ["सिस्टम", "प्रॉम्प्ट", "गुप्त", "लपवलेल्या"] },
  { lang: "gu", ignore: ["અવગણો", "અવગણ", "ભૂલી જાઓ", "ભૂલી જા", "અનુસરશો નહીં", "માનશો નહીં"],
    instructions: ["સૂચનાઓ", "સૂચના", "નિયમો", "નિયમ", "આદેશ"],
    show: ["બતાવો", "બતાવ", "જણાવો", "લખો", "છાપો", "પ્રગટ કરો"],
    system: ["સિસ્ટમ", "પ્રોમ્પ્ટ", "ગુપ્ત", "છુપાયેલ"] },
  { lang: "pa", ignore: ["ਨਜਰਅੰਦਾਜ", "ਅਣਡਿੱਠ", "ਭੁੱਲ ਜਾਓ", "ਭੁੱਲ ਜਾ", "ਨਾ ਮੰਨੋ", "ਪਾਲਣਾ ਨਾ"],
    instructions: ["ਹਦਾਇਤ", "ਨਿਰਦੇਸ", "ਨਿਯਮ", "ਹੁਕਮ"],
    show: ["ਦਿਖਾਓ", "ਦਿਖਾ", "ਦੱਸੋ", "ਲਿਖੋ", "ਪ੍ਰਗਟ"],
    system: ["ਸਿਸਟਮ", "ਪ੍ਰੋਂਪਟ", "ਪ੍ਰੌਂਪਟ", "ਗੁਪਤ", "ਲੁਕੇ"] },
  { lang: "ta", ignore: ["புறக்கணி", "மறந்துவிடு", "மறந்து விடு", "மறந்து", "பின்பற்ற வேண்டாம்", "கவனிக்காதே", "பொருட்படுத்தாதே", "புறக்கணிக்கவும்"],
    instructions: ["வழிமுறை", "அறிவுறுத்தல்", "விதி", "கட்டளை", "அறிவுரை", "நெறிமுறை"],
    show: ["காட்டு", "காண்பி", "வெளிப்படுத்து", "எழுது", "அச்சிடு", "சொல்"],
    system: ["கணினி", "சிஸ்டம்", "மறைக்கப்பட்ட", "ரகசிய", "அமைப்பு"] },
  { lang: "te", ignore: ["విస్మరించ", "పట్టించుకోకు", "మర్చిపో", "మరచిపో", "పాటించకు", "పాటించవద్దు"],
    instructions: ["సూచనల", "సూచన", "నియమాల", "నియమ", "ఆదేశ"],
    show: ["చూపించు", "చూపు", "బయటపెట్టు", "రాయి", "వ్రాయి", "చెప్పు", "ముద్రించు"],
    system: ["సిస్టమ్", "ప్రాంప్ట్", "రహస్య", "దాచిన"] },
  { lang: "kn", ignore: ["ನಿರ್ಲಕ್ಷಿಸ", "ಮರೆತುಬಿಡು", "ಮರೆತು", "ಪಾಲಿಸಬೇಡ"],
    instructions: ["ಸೂಚನೆ", "ನಿಯಮ", "ಆದೇಶ"],
    show: ["ತೋರಿಸು", "ಬರೆ", "ಹೇಳು", "ಬಹಿರಂಗಪಡಿಸು"],
    system: ["ಸಿಸ್ಟಮ್", "ಪ್ರಾಂಪ್ಟ್", "ರಹಸ್ಯ", "ಮರೆಮಾಡಿದ"] },
  { lang: "ml", ignore: ["അവഗണിക്ക", "മറക്കുക", "മറന്നേക്കൂ", "പാലിക്കരുത്", "അനുസരിക്കരുത്"],
    instructions: ["നിർദ്ദേശ", "നിർദേശ", "നിയമ", "ആജ്ഞ"],
    show: ["കാണിക്കുക", "കാണിക്കൂ", "എഴുതുക", "പറയുക", "വെളിപ്പെടുത്തുക"],
    system: ["സിസ്റ്റം", "പ്രോംപ്റ്റ്", "രഹസ്യ", "മറച്ച"] },
  { lang: "si", ignore: ["නොසලකා හරින්න", "නොසලකා", "අමතක කරන්න", "පිළිපදින්න එපා"],
    instructions: ["උපදෙස්", "නීති", "විධාන"],
    show: ["පෙන්වන්න", "ලියන්න", "කියන්න", "හෙළි කරන්න"],
    system: ["පද්ධති", "සිස්ටම්", "රහස්", "සැඟවුණු"] },
  // South-East and East Asia
  { lang: "tl", ignore: ["huwag pansinin", "wag pansinin", "balewalain", "kalimutan", "huwag sundin", "wag sundin", "isantabi", "huwag intindihin"],
    instructions: ["tagubilin", "utos", "patakaran", "panuto", "alituntunin", "instruksyon"],
    show: ["ipakita", "ilabas", "isulat", "sabihin", "ibunyag", "i-print", "ilantad"],
    system: ["system prompt", "ng sistema", "nakatagong", "lihim na"] },
  { lang: "ceb", ignore: ["ayaw tagda", "ayaw sunda", "kalimti", "ibaliwala"],
    instructions: ["mga instruksyon", "sugo", "lagda", "mga balaod"],
    show: ["ipakita", "isulat", "isulti", "ibutyag"],
    system: ["sistema", "tinago", "sekreto"] },
  { lang: "ms", ignore: ["abaikan", "lupakan", "jangan ikut", "jangan hiraukan", "endahkan", "tidak perlu ikut"],
    instructions: ["arahan", "peraturan", "perintah", "suruhan", "panduan"],
    show: ["paparkan", "tunjukkan", "dedahkan", "cetak", "tuliskan", "berikan", "beritahu"],
    system: ["gesaan sistem", "arahan sistem", "prompt sistem", "mesej sistem", "sistem anda", "tersembunyi", "rahsia"] },
  { lang: "jv", ignore: ["lalekna", "aja digatekake", "aja nggatekake", "aja manut", "lali"],
    instructions: ["instruksi", "prentah", "aturan", "pitunjuk"],
    show: ["tuduhna", "tampilna", "tulisen", "kandhakna"],
    system: ["sistem", "rahasia", "ndhelik"] },
  { lang: "vi", ignore: ["bo qua", "phot lo", "quen di", "dung lam theo", "khong tuan theo", "lo di"],
    instructions: ["huong dan", "chi dan", "chi thi", "quy tac", "menh lenh", "loi nhac"],
    show: ["hien thi", "tiet lo", "in ra", "viet ra", "cho toi xem", "noi cho toi"],
    system: ["he thong", "an giau", "bi mat", "duoc giau"] },
  { lang: "km", ignore: ["មិនអើពើ", "បំភ្លេច", "កុំធ្វើតាម", "កុំស្តាប់"],
    instructions: ["ការណែនាំ", "សេចក្តីណែនាំ", "ច្បាប់", "បញ្ជា"],
    show: ["បង្ហាញ", "សរសេរ", "ប្រាប់", "បោះពុម្ព"],
    system: ["ប្រព័ន្ធ", "សម្ងាត់", "លាក់"] },
  { lang: "lo", ignore: ["ບໍ່ສົນໃຈ", "ລືມ", "ຢ່າເຮັດຕາມ"],
    instructions: ["ຄຳແນະນຳ", "ຄຳສັ່ງ", "ກົດ"],
    show: ["ສະແດງ", "ຂຽນ", "ບອກ", "ເປີດເຜີຍ"],
    system: ["ລະບົບ", "ລັບ", "ເຊື່ອງ"] },
  { lang: "my", ignore: ["လျစ်လျူရှု", "မေ့လိုက်", "မလိုက်နာနဲ့"],
    instructions: ["ညွှန်ကြားချက်", "စည်းမျဉ်း", "အမိန့်"],
    show: ["ပြပါ", "ရေးပါ", "ပြောပါ", "ထုတ်ပြ"],
    system: ["စနစ်", "လျှို့ဝှက်", "ဝှက်ထား"] },
  { lang: "mn", ignore: ["үл тоо", "орхи", "март", "бүү дага"],
    instructions: ["заавар", "дүрэм", "тушаал"],
    show: ["харуул", "бич", "хэл", "задруул"],
    system: ["систем", "нууц", "далд"] },
  // Caucasus, Central Asia, Middle East
  { lang: "ka", ignore: ["უგულებელყავი", "დაივიწყე", "ნუ მიჰყვები", "ნუ დაემორჩილები"],
    instructions: ["ინსტრუქცი", "მითითებ", "წესებ", "ბრძანებ"],
    show: ["მაჩვენე_", "მაჩვენეთ_", "აჩვენე_", "აჩვენეთ_", "დაწერე_", "დაწერეთ_", "გამიმხილე", "დაბეჭდე"],
    system: ["სისტემ", "საიდუმლო", "დამალულ"] },
  { lang: "hy", ignore: ["անտեսիր", "անտեսեք", "մոռացիր", "մի հետևիր"],
    instructions: ["հրահանգ", "կանոն", "ցուցում"],
    show: ["ցույց տուր", "գրիր", "բացահայտիր", "ասա"],
    system: ["համակարգ", "գաղտնի", "թաքնված"] },
  { lang: "az", ignore: ["nezere alma", "unut", "etinasiz", "ignor et", "riayet etme", "mehel qoyma", "mehel qoymayin"],
    instructions: ["telimat", "qayda", "emr", "gosteris"],
    show: ["goster", "yaz", "acikla", "cap et", "de mene"],
    system: ["sistem", "gizli", "sistem mesaj"] },
  { lang: "kk", ignore: ["елеме", "елемеңіз", "ұмыт", "орындама", "назар аударма"],
    instructions: ["нұсқаулық", "нұсқау", "ереже", "бұйрық"],
    show: ["көрсет", "жаз", "айт", "аш"],
    system: ["жүйе", "құпия", "жасырын"] },
  { lang: "uz", ignore: ["e'tiborsiz qoldir", "etiborsiz qoldir", "unut", "amal qilma", "bajarma"],
    instructions: ["ko'rsatma", "korsatma", "qoida", "buyruq", "yo'riqnoma"],
    show: ["ko'rsat", "korsat", "yoz", "ayt", "oshkor qil"],
    system: ["tizim", "maxfiy", "yashirin"] },
  { lang: "ps", ignore: ["له پامه وغورځوه", "هېر کړه", "هیر کړه", "مه منه", "پام مه کوه"],
    instructions: ["لارښوونې", "لارښوونه", "قواعد", "امرونه", "اصول"],
    show: ["وښایه", "وښيه", "ولیکه", "ووایه", "ښکاره کړه"],
    system: ["سیستم", "پټ", "راز"] },
  { lang: "ku", ignore: ["guh nede", "ji bir bike", "ji bîr bike", "paşguh bike", "pasguh bike"],
    instructions: ["talimat", "rêwerz", "rewerz", "qaide", "ferman"],
    show: ["nîşan bide", "nisan bide", "binivîse", "binivise", "bêje", "beje"],
    system: ["sîstem", "sistem", "veşartî", "vesarti", "nepen"] },
];

/** The words of a persona switch in one language: "you are now" / "pretend", and "without rules". */
export interface PersonaLexicon {
  lang: string;
  /** "You are now", "from now on you", "pretend", "play the role of". */
  persona: string[];
  /** "Without rules", "no restrictions", "without filters", "without censorship". */
  unbound: string[];
}

// deno-fmt-ignore
export const PERSONA_LEXICONS: readonly PersonaLexicon[] = [
  { lang: "sw", persona: ["sasa wewe ni", "kuanzia sasa wewe", "jifanye", "igiza kama", "tenda kama", "wewe sasa ni"],
    unbound: ["bila sheria", "bila vikwazo", "bila mipaka", "bila vizuizi", "hakuna sheria", "bila udhibiti", "bila kichujio"] },
  { lang: "zu", persona: ["manje ungu", "kusukela manje u", "zenza sengathi", "uzenze", "dlala indima"],
    unbound: ["ngaphandle kwemithetho", "ngaphandle kwemingcele", "akukho mithetho", "ngaphandle kwemikhawulo", "ngaphandle kokulawulwa"] },
  { lang: "yo", persona: ["o ti di", "se bi eni pe", "dibon bi", "lati isinyi lo o", "iwo ni bayi"],
    unbound: ["laisi ofin", "laisi idiwo", "ko si ofin", "laisi aala", "laisi ihamo"] },
  { lang: "am", persona: ["አሁን አንተ", "ከአሁን ጀምሮ አንተ", "አስመስል", "ሚና ተጫወት", "እንደሆንክ"],
    unbound: ["ያለ ገደብ", "ያለምንም ገደብ", "ያለ ህግ", "ያለ ሕግ", "ህግ የሌለህ", "ገደብ የሌለው", "ገደብ የሌለህ"] },
  { lang: "bn", persona: ["এখন থেকে তুমি", "তুমি এখন", "ভান করো", "অভিনয় করো", "হিসেবে আচরণ করো"],
    unbound: ["নিয়ম ছাড়া", "সীমাবদ্ধতা ছাড়া", "বাধা ছাড়া", "কোনো সীমা নেই", "কোনো নিয়ম নেই", "সেন্সর ছাড়া"] },
  { lang: "ta", persona: ["இப்போது நீ", "நீ இனி", "போல நடி", "பாசாங்கு செய்", "இனிமேல் நீ"],
    unbound: ["விதிகள் இல்லாத", "கட்டுப்பாடுகள் இல்லாத", "கட்டுப்பாடும் இல்லாமல்", "வரம்புகள் இல்லாத", "விதிகள் இல்லாமல்"] },
  { lang: "th", persona: ["ตอนนี้คุณคือ", "แกล้งทำเป็น", "สวมบทบาท", "จากนี้ไปคุณคือ", "คุณคือ"],
    unbound: ["ไม่มีกฎ", "ไม่มีข้อจำกัด", "โดยไม่มีข้อจำกัด", "ไร้ข้อจำกัด", "ไม่มีการเซ็นเซอร์"] },
  { lang: "id", persona: ["sekarang kamu adalah", "sekarang anda adalah", "berpura-puralah", "berpura pura", "bertindaklah sebagai", "mulai sekarang kamu", "mulai sekarang anda", "kamu sekarang"],
    unbound: ["tanpa aturan", "tanpa batasan", "tanpa filter", "tanpa sensor", "tidak ada batasan", "tanpa sekatan"] },
  { lang: "tl", persona: ["ikaw na ngayon ay", "ngayon ikaw ay", "magpanggap", "kunwari ikaw", "mula ngayon ikaw"],
    unbound: ["walang patakaran", "walang limitasyon", "walang mga patakaran", "walang restriksyon", "walang sensura"] },
  { lang: "hu", persona: ["mostantol te", "mostantol", "tegyel ugy mintha", "jatszd el", "te most egy", "te mostantol"],
    unbound: ["szabalyok nelkul", "korlatozasok nelkul", "korlatok nelkul", "nincsenek szabalyaid", "cenzura nelkul", "szuro nelkul"] },
  { lang: "fi", persona: ["olet nyt", "teeskentele", "esita olevasi", "toimi kuin", "tasta lahtien olet"],
    unbound: ["ilman saantoja", "ilman rajoituksia", "ei rajoituksia", "ilman sensuuria", "ilman suodattimia"] },
  { lang: "el", persona: ["τωρα εισαι", "προσποιησου", "παριστανε", "υποδυσου", "απο τωρα εισαι"],
    unbound: ["χωρις κανονες", "χωρις περιορισμους", "χωρις φιλτρα", "χωρις λογοκρισια", "χωρις ορια"] },
  { lang: "he", persona: ["מעכשיו אתה", "אתה עכשיו", "תעמיד פנים", "העמד פנים", "שחק את התפקיד"],
    unbound: ["בלי חוקים", "ללא חוקים", "ללא הגבלות", "בלי הגבלות", "ללא סינון", "ללא צנזורה"] },
  { lang: "uk", persona: ["тепер ти", "відтепер ти", "уяви що ти", "прикинься", "удаваи"],
    unbound: ["без правил", "без обмежень", "без фільтрів", "без цензури"] },
  { lang: "cs", persona: ["ted jsi", "od ted jsi", "predstirej", "hraj roli", "chovej se jako"],
    unbound: ["bez pravidel", "bez omezeni", "bez filtru", "bez cenzury"] },
  { lang: "ro", persona: ["acum esti", "de acum esti", "prefa-te", "pretinde ca", "joaca rolul"],
    unbound: ["fara reguli", "fara restrictii", "fara limite", "fara filtre", "fara cenzura"] },
  { lang: "fa", persona: ["از حالا تو", "تو اکنون", "وانمود کن", "نقش بازی کن", "فرض کن که"],
    unbound: ["بدون قوانین", "بدون محدودیت", "بدون فیلتر", "بدون سانسور", "هیچ محدودیتی"] },
  { lang: "ur", persona: ["اب تم", "آج سے تم", "بہانہ کرو", "کا کردار ادا کرو", "اب سے تم"],
    unbound: ["بغیر کسی پابندی", "بغیر اصولوں", "کوئی پابندی نہیں", "بغیر فلٹر", "بغیر سنسر", "بغیر کسی اصول"] },
  { lang: "hi", persona: ["अब तुम", "अब से तुम", "नाटक करो", "दिखावा करो", "की भूमिका निभाओ"],
    unbound: ["बिना किसी नियम", "बिना नियम", "बिना प्रतिबंध", "कोई प्रतिबंध नहीं", "बिना सेंसर", "कोई नियम नहीं"] },
  { lang: "vi", persona: ["bay gio ban la", "tu gio ban la", "gia vo", "hay dong vai", "ban la mot"],
    unbound: ["khong co quy tac", "khong gioi han", "khong bi gioi han", "khong kiem duyet", "khong co rang buoc"] },
  { lang: "tr", persona: ["artik sen", "bundan sonra sen", "gibi davran", "rolunu oyna", "-mis gibi yap"],
    unbound: ["kuralsiz", "kurallar olmadan", "sinirsiz", "kisitlama olmadan", "sansursuz", "filtresiz"] },
  { lang: "pl", persona: ["teraz jestes", "od teraz jestes", "udawaj", "wciel sie w", "zachowuj sie jak"],
    unbound: ["bez zasad", "bez ograniczen", "bez filtrow", "bez cenzury", "bez regul"] },
  { lang: "ko", persona: ["이제부터 너는", "지금부터 너는", "인 척", "역할을 해", "너는 이제"],
    unbound: ["규칙 없이", "제한 없이", "제한이 없는", "필터 없이", "검열 없이"] },
  { lang: "ha", persona: ["yanzu kai ne", "daga yanzu kai", "yi kamar", "ka zama"],
    unbound: ["ba tare da dokoki", "ba tare da iyaka", "babu doka", "ba tare da takurawa"] },
];

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
  "发送", "傳送", "送信", "أرسل", "ارسل", "upload", "post", "email", "posalji", "posaljite", "пошаљи",
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
