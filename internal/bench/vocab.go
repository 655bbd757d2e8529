package bench

// The word lists the generated text is assembled from. Each list holds
// pairs with the same meaning in Arabic and French, so that the two
// language versions of a generated record say the same thing: the seeding
// SQL picks the same index in both. French phrases are written so that any
// pick reads grammatically after what precedes it (objects are plural nouns
// without an article and begin with a consonant, after "de" or "aux").

type pair struct{ ar, fr string }

// vocab is every list, by the name the seeding SQL refers to it by
// (@name_ar and @name_fr).
var vocab = map[string][]pair{
	// Topics of a consultation, with their article.
	"topic": {
		{"التنمية الاجتماعية", "le développement social"},
		{"الإسعاف الاجتماعي", "l'assistance sociale d'urgence"},
		{"الطفولة", "l'enfance"},
		{"الأشخاص المسنين", "les personnes âgées"},
		{"الأسرة", "la famille"},
		{"التمكين الاقتصادي للنساء", "l'autonomisation économique des femmes"},
		{"الإلتقائية بين البرامج الاجتماعية", "la convergence des programmes sociaux"},
		{"رقمنة الخدمات الاجتماعية", "la digitalisation des services sociaux"},
		{"الإدماج الاجتماعي", "l'insertion sociale"},
		{"العدالة المجالية", "l'équité territoriale"},
		{"الشراكة مع المجتمع المدني", "le partenariat avec la société civile"},
		{"الأشخاص في وضعية إعاقة", "les personnes en situation de handicap"},
	},
	// What is to be done, before an object ("de" + object).
	"action": {
		{"إحداث", "Création de"},
		{"تأهيل", "Réhabilitation de"},
		{"توسيع", "Extension de"},
		{"تجهيز", "Équipement de"},
		{"تعميم", "Généralisation de"},
		{"تحسين جودة", "Amélioration de la qualité de"},
		{"تعزيز", "Renforcement de"},
		{"برمجة", "Programmation de"},
	},
	// Objects: plural, no article, consonant first in French.
	"object": {
		{"مراكز الاستقبال", "centres d'accueil"},
		{"مراكز حماية الطفولة", "centres de protection de l'enfance"},
		{"دور المسنين", "foyers pour personnes âgées"},
		{"فضاءات متعددة الوظائف للنساء", "espaces multifonctionnels pour les femmes"},
		{"وحدات متنقلة للإسعاف الاجتماعي", "dispositifs mobiles d'assistance sociale d'urgence"},
		{"برامج التمكين الاقتصادي للنساء", "programmes d'autonomisation économique des femmes"},
		{"خدمات القرب الاجتماعية", "services sociaux de proximité"},
		{"نقط الاستقبال الموحدة جسر", "guichets unifiés Jisr"},
		{"مراكز التربية والتكوين", "centres d'éducation et de formation"},
		{"دور الحضانة", "crèches de proximité"},
		{"مراكز توجيه ومساعدة الأشخاص في وضعية إعاقة", "centres d'orientation et d'assistance aux personnes handicapées"},
		{"مؤسسات الرعاية الاجتماعية", "structures de protection sociale"},
		{"منصات رقمية للخدمات الاجتماعية", "plateformes numériques de services sociaux"},
		{"مشاريع مدرة للدخل", "projets générateurs de revenus"},
		{"برامج محاربة الهشاشة", "programmes de lutte contre la précarité"},
		{"مراكز الوساطة الأسرية", "centres de médiation familiale"},
	},
	// For whom.
	"population": {
		{"لفائدة الأطفال في وضعية صعبة", "au profit des enfants en situation difficile"},
		{"لفائدة الأشخاص المسنين", "au profit des personnes âgées"},
		{"لفائدة النساء في وضعية هشاشة", "au profit des femmes en situation de vulnérabilité"},
		{"لفائدة الأشخاص في وضعية إعاقة", "au profit des personnes en situation de handicap"},
		{"لفائدة الشباب غير المتمدرس", "au profit des jeunes non scolarisés"},
		{"لفائدة الأسر المعوزة", "au profit des familles démunies"},
		{"لفائدة الأشخاص بدون مأوى", "au profit des personnes sans abri"},
		{"لفائدة الأطفال المتخلى عنهم", "au profit des enfants abandonnés"},
	},
	// The population alone, for the population field of an expectation.
	"people": {
		{"الأطفال في وضعية صعبة", "Enfants en situation difficile"},
		{"الأشخاص المسنون", "Personnes âgées"},
		{"النساء في وضعية هشاشة", "Femmes en situation de vulnérabilité"},
		{"الأشخاص في وضعية إعاقة", "Personnes en situation de handicap"},
		{"الشباب غير المتمدرس", "Jeunes non scolarisés"},
		{"الأسر المعوزة", "Familles démunies"},
		{"الأشخاص بدون مأوى", "Personnes sans abri"},
		{"الأطفال المتخلى عنهم", "Enfants abandonnés"},
	},
	// Where.
	"place": {
		{"بالمجال القروي", "en milieu rural"},
		{"بالأحياء الهامشية", "dans les quartiers périphériques"},
		{"بالجماعات الجبلية", "dans les communes de montagne"},
		{"بالمراكز الحضرية", "dans les centres urbains"},
		{"بالمناطق الحدودية", "dans les zones frontalières"},
		{"بالواحات", "dans les oasis"},
		{"بمراكز الجماعات القروية", "dans les chefs-lieux des communes rurales"},
	},
	// Who spoke, before a need ("à" + infinitive).
	"opener": {
		{"ودعا المتدخلون إلى", "Les intervenants ont appelé à"},
		{"ودعا المشاركون الشركاء إلى", "Les participants ont invité les partenaires à"},
		{"وشجعت الوزيرة الفاعلين الترابيين على", "La ministre a encouragé les acteurs territoriaux à"},
		{"وحث الوالي المصالح المعنية على", "Le wali a exhorté les services concernés à"},
		{"وطالب ممثلو الجمعيات بضرورة", "Les représentants des associations ont demandé à"},
	},
	// What is needed (masdar in Arabic, infinitive in French).
	"need": {
		{"تعزيز التنسيق بين المتدخلين", "renforcer la coordination entre les intervenants"},
		{"تسريع تنزيل البرامج", "accélérer la mise en œuvre des programmes"},
		{"تحسين استهداف المستفيدين", "améliorer le ciblage des bénéficiaires"},
		{"توحيد نقط الاستقبال", "unifier les points d'accueil"},
		{"تتبع تنفيذ الاتفاقيات", "suivre l'exécution des conventions"},
		{"تعبئة التمويل اللازم", "mobiliser les financements nécessaires"},
		{"إشراك الجمعيات المحلية", "associer les associations locales"},
		{"تقريب الخدمات الاجتماعية من المواطنين", "rapprocher les services sociaux des citoyens"},
		{"تكوين الأطر الاجتماعية", "former les travailleurs sociaux"},
		{"رقمنة مساطر الاستفادة", "numériser les procédures d'accès aux prestations"},
	},
	// How an expectation begins ("de" + object).
	"lack": {
		{"يسجل الفاعلون المحليون خصاصا في", "Les acteurs locaux relèvent un manque de"},
		{"تطالب الجمعيات بالزيادة في عدد", "Les associations demandent davantage de"},
		{"يقترح المجلس الإقليمي دعم", "Le conseil provincial propose un soutien aux"},
	},
	// Answers of the ministry, by decision.
	"answer_retained": {
		{"تم إدراج هذا الانتظار ضمن برنامج عمل القطب الاجتماعي بالجهة، وسيتم تتبع تنفيذه مع الشركاء.",
			"Cette attente a été intégrée au programme d'action régional du pôle social ; sa mise en œuvre sera suivie avec les partenaires."},
		{"تمت الاستجابة لهذا الانتظار في إطار اتفاقية شراكة جهوية.",
			"Il a été répondu à cette attente dans le cadre d'une convention de partenariat régionale."},
	},
	"answer_partly": {
		{"تمت الاستجابة لجزء من هذا الانتظار في حدود الاعتمادات المتوفرة برسم السنة الجارية.",
			"Cette attente a été retenue en partie, dans la limite des crédits disponibles pour l'année en cours."},
		{"سيتم تنزيل هذا الانتظار على مراحل، بدءا بالأقاليم ذات الأولوية.",
			"Cette attente sera mise en œuvre par étapes, en commençant par les provinces prioritaires."},
	},
	"answer_not": {
		{"لم يتم الاحتفاظ بهذا الانتظار لأنه يدخل ضمن اختصاصات قطاع حكومي آخر.",
			"Cette attente n'a pas été retenue : elle relève d'un autre département ministériel."},
		{"لم يتم الاحتفاظ بهذا الانتظار لأن برنامجا قائما يستجيب له بالفعل.",
			"Cette attente n'a pas été retenue : un programme existant y répond déjà."},
	},
	"answer_study": {
		{"الطلب قيد الدراسة من طرف المصالح المختصة.", "La demande est à l'étude auprès des services compétents."},
	},
	// Milestones of an agreement, in the order they happen.
	"phase": {
		{"إطلاق الدراسة التقنية", "Lancement de l'étude technique"},
		{"اقتناء التجهيزات", "Acquisition des équipements"},
		{"تكوين الفرق", "Formation des équipes"},
		{"افتتاح المرفق", "Ouverture de la structure"},
		{"تقييم الحصيلة", "Évaluation du bilan"},
	},
	// People (fictional): given names and family names.
	"given": {
		{"محمد", "Mohammed"}, {"فاطمة", "Fatima"}, {"أحمد", "Ahmed"}, {"خديجة", "Khadija"},
		{"يوسف", "Youssef"}, {"نادية", "Nadia"}, {"عبد الله", "Abdellah"}, {"سعاد", "Souad"},
		{"كريم", "Karim"}, {"ليلى", "Leila"}, {"حسن", "Hassan"}, {"مريم", "Meryem"},
		{"رشيد", "Rachid"}, {"زينب", "Zineb"}, {"عمر", "Omar"}, {"حنان", "Hanane"},
		{"إدريس", "Driss"}, {"نزهة", "Nezha"}, {"سعيد", "Said"}, {"أمينة", "Amina"},
	},
	"family": {
		{"العلوي", "El Alaoui"}, {"بنعلي", "Benali"}, {"الإدريسي", "El Idrissi"}, {"التازي", "Tazi"},
		{"الفاسي", "El Fassi"}, {"بناني", "Bennani"}, {"المرابط", "El Mrabet"}, {"الزياني", "Ziani"},
		{"الحسني", "El Hassani"}, {"الشرقاوي", "Cherkaoui"}, {"أمزيان", "Amziane"}, {"أوعلي", "Ouali"},
		{"بوزيد", "Bouzid"}, {"السوسي", "Soussi"}, {"الريفي", "Rifi"}, {"الدكالي", "Doukkali"},
	},
	"title": {
		{"رئيس(ة) مصلحة العمل الاجتماعي", "Chef(fe) du service de l'action sociale"},
		{"مندوب(ة) جهوي(ة) للتعاون الوطني", "Délégué(e) régional(e) de l'Entraide Nationale"},
		{"منسق(ة) جهوي(ة) لوكالة التنمية الاجتماعية", "Coordinateur(rice) régional(e) de l'Agence de Développement Social"},
		{"ممثل(ة) المجتمع المدني", "Représentant(e) de la société civile"},
		{"عضو مجلس الجهة", "Membre du Conseil de la région"},
		{"رئيس(ة) قسم العمل الاجتماعي بالعمالة", "Chef(fe) de la division de l'action sociale de la préfecture"},
	},
	"venue": {
		{"قاعة الاجتماعات بمقر", "Salle de réunion, siège de la"},
		{"مقر", "Siège de la"},
	},
	// Why a moderator rejected a comment.
	"reason": {
		{"رسالة إشهارية لا علاقة لها بموضوع اللقاء.", "Message publicitaire sans rapport avec la rencontre."},
		{"تتضمن معطيات شخصية.", "Contient des données personnelles."},
	},
	// Comments of the public.
	"comment": {
		{"شكرا على هذا اللقاء، نتمنى تتبع تنفيذ الالتزامات.", "Merci pour cette rencontre ; nous espérons un suivi des engagements."},
		{"نطالب بإحداث مركز للقرب في جماعتنا.", "Nous demandons un centre de proximité dans notre commune."},
		{"متى سيتم نشر محضر الاجتماع كاملا؟", "Quand le procès-verbal complet sera-t-il publié ?"},
		{"مبادرة مهمة لفائدة الأشخاص المسنين.", "Une initiative importante pour les personnes âgées."},
		{"نرجو إشراك جمعيات المجال القروي في اللقاءات المقبلة.", "Merci d'associer les associations rurales aux prochaines rencontres."},
	},
}

// The demonstration note on every generated meeting and agreement.
const (
	demoNoteAR = "بيانات توليدية لاختبار الأداء: هذا السجل لم يقع."
	demoNoteFR = "Données générées pour le banc d'essai : cet enregistrement n'a pas eu lieu."
)

// provinces are the kingdom's prefectures and provinces (2015 division),
// by region id, beside the Oriental's already in the reference data.
var provinces = []struct {
	region         int
	slug, kind     string
	nameAR, nameFR string
}{
	{1, "tanger-assilah", "prefecture", "عمالة طنجة أصيلة", "Préfecture de Tanger-Assilah"},
	{1, "mdiq-fnideq", "prefecture", "عمالة المضيق الفنيدق", "Préfecture de M'diq-Fnideq"},
	{1, "tetouan", "province", "إقليم تطوان", "Province de Tétouan"},
	{1, "fahs-anjra", "province", "إقليم الفحص أنجرة", "Province de Fahs-Anjra"},
	{1, "larache", "province", "إقليم العرائش", "Province de Larache"},
	{1, "al-hoceima", "province", "إقليم الحسيمة", "Province d'Al Hoceïma"},
	{1, "chefchaouen", "province", "إقليم شفشاون", "Province de Chefchaouen"},
	{1, "ouezzane", "province", "إقليم وزان", "Province d'Ouezzane"},
	{3, "fes", "prefecture", "عمالة فاس", "Préfecture de Fès"},
	{3, "meknes", "prefecture", "عمالة مكناس", "Préfecture de Meknès"},
	{3, "el-hajeb", "province", "إقليم الحاجب", "Province d'El Hajeb"},
	{3, "ifrane", "province", "إقليم إفران", "Province d'Ifrane"},
	{3, "moulay-yacoub", "province", "إقليم مولاي يعقوب", "Province de Moulay Yacoub"},
	{3, "sefrou", "province", "إقليم صفرو", "Province de Sefrou"},
	{3, "boulemane", "province", "إقليم بولمان", "Province de Boulemane"},
	{3, "taounate", "province", "إقليم تاونات", "Province de Taounate"},
	{3, "taza", "province", "إقليم تازة", "Province de Taza"},
	{4, "rabat", "prefecture", "عمالة الرباط", "Préfecture de Rabat"},
	{4, "sale", "prefecture", "عمالة سلا", "Préfecture de Salé"},
	{4, "skhirate-temara", "prefecture", "عمالة الصخيرات تمارة", "Préfecture de Skhirate-Témara"},
	{4, "kenitra", "province", "إقليم القنيطرة", "Province de Kénitra"},
	{4, "khemisset", "province", "إقليم الخميسات", "Province de Khémisset"},
	{4, "sidi-kacem", "province", "إقليم سيدي قاسم", "Province de Sidi Kacem"},
	{4, "sidi-slimane", "province", "إقليم سيدي سليمان", "Province de Sidi Slimane"},
	{5, "beni-mellal", "province", "إقليم بني ملال", "Province de Béni Mellal"},
	{5, "azilal", "province", "إقليم أزيلال", "Province d'Azilal"},
	{5, "fquih-ben-salah", "province", "إقليم الفقيه بن صالح", "Province de Fquih Ben Salah"},
	{5, "khenifra", "province", "إقليم خنيفرة", "Province de Khénifra"},
	{5, "khouribga", "province", "إقليم خريبكة", "Province de Khouribga"},
	{6, "casablanca", "prefecture", "عمالة الدار البيضاء", "Préfecture de Casablanca"},
	{6, "mohammedia", "prefecture", "عمالة المحمدية", "Préfecture de Mohammédia"},
	{6, "el-jadida", "province", "إقليم الجديدة", "Province d'El Jadida"},
	{6, "nouaceur", "province", "إقليم النواصر", "Province de Nouaceur"},
	{6, "mediouna", "province", "إقليم مديونة", "Province de Médiouna"},
	{6, "benslimane", "province", "إقليم بنسليمان", "Province de Benslimane"},
	{6, "berrechid", "province", "إقليم برشيد", "Province de Berrechid"},
	{6, "settat", "province", "إقليم سطات", "Province de Settat"},
	{6, "sidi-bennour", "province", "إقليم سيدي بنور", "Province de Sidi Bennour"},
	{7, "marrakech", "prefecture", "عمالة مراكش", "Préfecture de Marrakech"},
	{7, "chichaoua", "province", "إقليم شيشاوة", "Province de Chichaoua"},
	{7, "al-haouz", "province", "إقليم الحوز", "Province d'Al Haouz"},
	{7, "el-kelaa-des-sraghna", "province", "إقليم قلعة السراغنة", "Province d'El Kelâa des Sraghna"},
	{7, "essaouira", "province", "إقليم الصويرة", "Province d'Essaouira"},
	{7, "rehamna", "province", "إقليم الرحامنة", "Province de Rehamna"},
	{7, "safi", "province", "إقليم آسفي", "Province de Safi"},
	{7, "youssoufia", "province", "إقليم اليوسفية", "Province de Youssoufia"},
	{8, "errachidia", "province", "إقليم الرشيدية", "Province d'Errachidia"},
	{8, "ouarzazate", "province", "إقليم ورزازات", "Province d'Ouarzazate"},
	{8, "midelt", "province", "إقليم ميدلت", "Province de Midelt"},
	{8, "tinghir", "province", "إقليم تنغير", "Province de Tinghir"},
	{8, "zagora", "province", "إقليم زاكورة", "Province de Zagora"},
	{9, "agadir-ida-outanane", "prefecture", "عمالة أكادير إداوتنان", "Préfecture d'Agadir Ida-Outanane"},
	{9, "inezgane-ait-melloul", "prefecture", "عمالة إنزكان آيت ملول", "Préfecture d'Inezgane-Aït Melloul"},
	{9, "chtouka-ait-baha", "province", "إقليم اشتوكة آيت باها", "Province de Chtouka-Aït Baha"},
	{9, "taroudant", "province", "إقليم تارودانت", "Province de Taroudant"},
	{9, "tiznit", "province", "إقليم تيزنيت", "Province de Tiznit"},
	{9, "tata", "province", "إقليم طاطا", "Province de Tata"},
	{10, "guelmim", "province", "إقليم كلميم", "Province de Guelmim"},
	{10, "assa-zag", "province", "إقليم آسا الزاك", "Province d'Assa-Zag"},
	{10, "tan-tan", "province", "إقليم طانطان", "Province de Tan-Tan"},
	{10, "sidi-ifni", "province", "إقليم سيدي إفني", "Province de Sidi Ifni"},
	{11, "laayoune", "province", "إقليم العيون", "Province de Laâyoune"},
	{11, "boujdour", "province", "إقليم بوجدور", "Province de Boujdour"},
	{11, "tarfaya", "province", "إقليم طرفاية", "Province de Tarfaya"},
	{11, "es-semara", "province", "إقليم السمارة", "Province d'Es-Semara"},
	{12, "oued-ed-dahab", "province", "إقليم وادي الذهب", "Province d'Oued Ed-Dahab"},
	{12, "aousserd", "province", "إقليم أوسرد", "Province d'Aousserd"},
}
