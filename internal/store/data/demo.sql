-- Demo content: the Oujda meeting of the MAP dispatch and the stops of the
-- series named in FACTS.md. Only facts are stated; whatever had to be
-- estimated is flagged demo with a note saying what. Idempotent: records are
-- keyed by ref and positions, and a second load inserts nothing.

INSERT INTO officials (ref, name_ar, name_fr, title_ar, title_fr, institution_id)
SELECT o.ref, o.name_ar, o.name_fr, o.title_ar, o.title_fr, i.id
FROM (VALUES
 ('hayar', 'عواطف حيار', 'Aawatif Hayar', 'وزيرة التضامن والإدماج الاجتماعي والأسرة', 'Ministre de la Solidarité, de l''Insertion sociale et de la Famille', 'msisf'),
 ('jamai', 'معاذ الجامعي', 'Mouad Jamai', 'والي جهة الشرق عامل عمالة وجدة أنجاد', 'Wali de la Région de l''Oriental, Gouverneur de la Préfecture d''Oujda-Angad', 'wilaya-oriental'),
 ('bioui', 'عبد النبي بعيوي', 'Abdennabi Bioui', 'رئيس مجلس جهة الشرق', 'Président du Conseil de la Région de l''Oriental', 'conseil-region-oriental')
) AS o(ref, name_ar, name_fr, title_ar, title_fr, institution)
JOIN institutions i ON i.slug = o.institution
ON CONFLICT (ref) DO NOTHING;

INSERT INTO meetings (ref, region_id, series_position, title_ar, title_fr, venue_ar, venue_fr, starts_at, format, chair_id,
    purpose_ar, purpose_fr, attendees_note_ar, attendees_note_fr, outcomes_ar, outcomes_fr, minutes_ar, minutes_fr,
    state, published_at, demo, demo_note_ar, demo_note_fr)
VALUES
('oujda-2022', 2, 6,
 'لقاء تشاوري جهوي حول استراتيجية 2021-2026 للقطب الاجتماعي',
 'Rencontre consultative régionale sur la stratégie 2021-2026 du pôle social',
 'مقر ولاية جهة الشرق بوجدة', 'Siège de la Wilaya de la Région de l''Oriental, Oujda',
 '2022-01-19 10:00:00+01', 'hybrid', (SELECT id FROM officials WHERE ref = 'hayar'),
 'الاطلاع على انتظارات الفاعلين على المستوى الترابي وإشراكهم في إعداد وتنفيذ برنامج عمل القطب الاجتماعي، وتقديم الخطوط العريضة لاستراتيجية الوزارة للفترة 2021-2026.',
 'Recueillir les attentes des acteurs territoriaux et les associer à la préparation et à la mise en œuvre du programme d''action du pôle social ; présenter les grandes lignes de la stratégie 2021-2026 du ministère.',
 'عمال أقاليم الجهة، وعدد من المسؤولين والشخصيات.',
 'Les gouverneurs des provinces de la région, ainsi que des responsables et personnalités.',
 'عرض نتائج القطب الاجتماعي على مستوى جهة الشرق، وآفاق التعاون مع الفاعلين الترابيين في مجالات الإسعاف الاجتماعي والطفولة والأشخاص المسنين والأسرة؛ تقديم المفهوم الجديد "جسر" لتوحيد وتنسيق عمل وكالة التنمية الاجتماعية والتعاون الوطني والمعهد الوطني للعمل الاجتماعي؛ توقيع اتفاقيتين للشراكة.',
 'Présentation des résultats du pôle social dans la région de l''Oriental et des perspectives de coopération avec les acteurs territoriaux en matière d''assistance sociale d''urgence, d''enfance, de personnes âgées et de famille ; présentation du nouveau concept « Jisr » pour unifier et coordonner l''action de l''ADS, de l''Entraide Nationale et de l''INAS ; signature de deux conventions de partenariat.',
 'أكدت الوزيرة أن هذا الاجتماع، السادس ضمن سلسلة اللقاءات التي تعقد بجهات المملكة، يندرج في إطار الجهود المبذولة لتدعيم ركائز الدولة الاجتماعية. وأشارت إلى أن استراتيجية الوزارة ترتكز على أبعاد جديدة: الإلتقائية والرقمنة والتنمية المستدامة وتعزيز الشراكات وتحفيز الابتكار وجيل جديد من الخدمات الاجتماعية وتقريبها من المواطنين والمساواة والعدالة المجالية. (عن قصاصة و م ع)',
 'La ministre a souligné que cette rencontre, sixième d''une série organisée dans les régions du Royaume, s''inscrit dans les efforts de consolidation des piliers de l''État social. La stratégie du ministère repose sur de nouvelles dimensions : convergence, digitalisation, développement durable, renforcement des partenariats, encouragement de l''innovation, nouvelle génération de services sociaux de proximité, égalité et équité territoriale. (D''après la dépêche MAP)',
 'published', now(), true,
 'تاريخ وساعة اللقاء تقديريان: القصاصة تذكر يوم الأربعاء فقط، على الأرجح في يناير 2022.',
 'Date et heure estimées : la dépêche ne mentionne qu''un mercredi, très probablement en janvier 2022.'),
('dakhla-2021', 12, 1,
 'لقاء تشاوري جهوي حول استراتيجية 2021-2026 للقطب الاجتماعي',
 'Rencontre consultative régionale sur la stratégie 2021-2026 du pôle social',
 'الداخلة', 'Dakhla', '2021-11-26 10:00:00+01', 'in_person', NULL,
 'المحطة الأولى لسلسلة اللقاءات التشاورية الجهوية، التي أعلن عنها بالداخلة.',
 'Première étape de la série de rencontres consultatives régionales, annoncée à Dakhla.',
 '', '', '', '', '', '', 'published', now(), true,
 'اليوم والساعة والصيغة تقديرية: المعروف أن اللقاء عقد بالداخلة في نونبر 2021.',
 'Jour, heure et format estimés : on sait seulement que la rencontre a eu lieu à Dakhla en novembre 2021.'),
('beni-mellal-2022', 5, 8,
 'لقاء تشاوري جهوي حول استراتيجية 2021-2026 للقطب الاجتماعي',
 'Rencontre consultative régionale sur la stratégie 2021-2026 du pôle social',
 'بني ملال', 'Béni Mellal', '2022-01-28 10:00:00+01', 'in_person', NULL,
 '', '', '', '', '', '', '', '', 'published', now(), true,
 'التاريخ والساعة والصيغة تقديرية: المعروف أنه المحطة الثامنة، يوم جمعة.',
 'Date, heure et format estimés : on sait seulement qu''il s''agit de la 8e étape, un vendredi.'),
('tanger-2022', 1, 12,
 'لقاء تشاوري جهوي حول استراتيجية 2021-2026 للقطب الاجتماعي',
 'Rencontre consultative régionale sur la stratégie 2021-2026 du pôle social',
 'طنجة', 'Tanger', '2022-02-04 10:00:00+01', 'in_person', NULL,
 'المحطة الثانية عشرة والأخيرة من سلسلة اللقاءات التشاورية الجهوية.',
 'Douzième et dernière étape de la série de rencontres consultatives régionales.',
 '', '', '', '', '', '', 'published', now(), true,
 'الساعة والصيغة تقديريتان؛ التاريخ (الجمعة 4 فبراير 2022) ثابت.',
 'Heure et format estimés ; la date (vendredi 4 février 2022) est avérée.')
ON CONFLICT (ref) DO NOTHING;

INSERT INTO meeting_attendees (meeting_id, official_id, position)
SELECT m.id, o.id, a.position
FROM meetings m, (VALUES ('hayar', 1), ('jamai', 2), ('bioui', 3)) AS a(ref, position)
JOIN officials o ON o.ref = a.ref
WHERE m.ref = 'oujda-2022'
ON CONFLICT DO NOTHING;

INSERT INTO meeting_axes (meeting_id, axis_id)
SELECT m.id, ax.id FROM meetings m, axes ax WHERE m.ref = 'oujda-2022'
ON CONFLICT DO NOTHING;

INSERT INTO meeting_fields (meeting_id, field_id)
SELECT m.id, f.id FROM meetings m, fields f
WHERE m.ref = 'oujda-2022' AND f.slug IN ('social-emergency', 'childhood', 'elderly', 'family')
ON CONFLICT DO NOTHING;

INSERT INTO agenda_items (meeting_id, position, title_ar, title_fr, presenter_ar, presenter_fr)
SELECT m.id, a.position, a.title_ar, a.title_fr, a.presenter_ar, a.presenter_fr
FROM meetings m, (VALUES
 (1, 'الخطوط العريضة لاستراتيجية الوزارة للفترة 2021-2026', 'Grandes lignes de la stratégie 2021-2026 du ministère', 'عواطف حيار', 'Aawatif Hayar'),
 (2, 'الدراسة الجهوية للهشاشة', 'Étude régionale sur la vulnérabilité', '', ''),
 (3, 'حالة إقليم بركان كنموذج بخصوص دور الرقمنة في مجال تدبير أمثل للشأن الاجتماعي', 'Le cas de la province de Berkane, modèle de digitalisation pour une meilleure gestion des affaires sociales', '', ''),
 (4, 'نتائج القطب الاجتماعي بجهة الشرق وآفاق التعاون مع الفاعلين الترابيين', 'Résultats du pôle social dans l''Oriental et perspectives de coopération avec les acteurs territoriaux', 'عواطف حيار', 'Aawatif Hayar')
) AS a(position, title_ar, title_fr, presenter_ar, presenter_fr)
WHERE m.ref = 'oujda-2022'
ON CONFLICT DO NOTHING;

INSERT INTO support_grants (meeting_id, position, programme_ar, programme_fr)
SELECT m.id, 1, 'مساعدات مالية لحاملي مشاريع المقاولات الصغيرة جدا المدعمة في إطار برنامج "الشرق مبادرة"',
       'Aides financières aux porteurs de projets de très petites entreprises soutenus par le programme « Al Charq Moubadara »'
FROM meetings m WHERE m.ref = 'oujda-2022'
ON CONFLICT DO NOTHING;

INSERT INTO field_visits (meeting_id, position, place_ar, place_fr, description_ar, description_fr)
SELECT m.id, 1, 'وجدة', 'Oujda', 'زيارة ميدانية للوزيرة، رفقة وفد رسمي، لبعض المشاريع الاجتماعية بمدينة وجدة.',
       'Visite de terrain de la ministre et d''une délégation officielle à des projets sociaux de la ville d''Oujda.'
FROM meetings m WHERE m.ref = 'oujda-2022'
ON CONFLICT DO NOTHING;

INSERT INTO agreements (ref, meeting_id, region_id, subject_ar, subject_fr, summary_ar, summary_fr, signed_on, status, state, published_at,
    demo, demo_note_ar, demo_note_fr)
SELECT a.ref, CASE WHEN a.at_meeting THEN m.id END, 2, a.subject_ar, a.subject_fr, a.summary_ar, a.summary_fr,
       CASE WHEN a.at_meeting THEN m.starts_at::date END, 'signed', 'published', now(), a.demo, a.note_ar, a.note_fr
FROM meetings m, (VALUES
 ('oujda-2022-mobile-emergency', true, 'اتفاقية شراكة حول خدمات الإسعاف الاجتماعي المتنقل', 'Convention de partenariat relative aux services mobiles d''assistance sociale d''urgence',
  'وقعت بمناسبة اللقاء التشاوري الجهوي بوجدة.', 'Signée à l''occasion de la rencontre consultative régionale d''Oujda.', true,
  'الأطراف والمبالغ والمدة ومراحل التتبع بيانات توضيحية؛ القصاصة تذكر موضوع الاتفاقية فقط.', 'Parties, montants, durée et jalons sont des données de démonstration ; la dépêche ne cite que l''objet de la convention.'),
 ('oujda-2022-women-empowerment', true, 'اتفاقية شراكة حول التمكين الاقتصادي للنساء', 'Convention de partenariat relative à l''autonomisation économique des femmes',
  'وقعت بمناسبة اللقاء التشاوري الجهوي بوجدة.', 'Signée à l''occasion de la rencontre consultative régionale d''Oujda.', true,
  'الأطراف والمبالغ والمدة ومراحل التتبع بيانات توضيحية؛ القصاصة تذكر موضوع الاتفاقية فقط.', 'Parties, montants, durée et jalons sont des données de démonstration ; la dépêche ne cite que l''objet de la convention.'),
 ('al-charq-moubadara', false, 'اتفاقية شراكة حول برنامج "الشرق مبادرة"', 'Convention de partenariat relative au programme « Al Charq Moubadara »',
  'دعم حاملي مشاريع المقاولات الصغيرة جدا بجهة الشرق.', 'Soutien aux porteurs de projets de très petites entreprises de la région de l''Oriental.', false, '', '')
) AS a(ref, at_meeting, subject_ar, subject_fr, summary_ar, summary_fr, demo, note_ar, note_fr)
WHERE m.ref = 'oujda-2022'
ON CONFLICT (ref) DO NOTHING;

UPDATE agreements SET duration_months = 36
WHERE ref IN ('oujda-2022-mobile-emergency', 'oujda-2022-women-empowerment') AND duration_months IS NULL;

INSERT INTO agreement_parties (agreement_id, institution_id, position, amount_dh)
SELECT ag.id, i.id, p.position, p.amount
FROM (VALUES
 ('oujda-2022-mobile-emergency', 'msisf', 1, 6000000::bigint),
 ('oujda-2022-mobile-emergency', 'en', 2, 2500000),
 ('oujda-2022-mobile-emergency', 'conseil-region-oriental', 3, 4000000),
 ('oujda-2022-women-empowerment', 'msisf', 1, 3000000),
 ('oujda-2022-women-empowerment', 'ads', 2, 1250000),
 ('oujda-2022-women-empowerment', 'wilaya-oriental', 3, 2000000),
 ('al-charq-moubadara', 'ads', 1, NULL),
 ('al-charq-moubadara', 'conseil-region-oriental', 2, NULL),
 ('al-charq-moubadara', 'anapec', 3, NULL)
) AS p(agreement, institution, position, amount)
JOIN agreements ag ON ag.ref = p.agreement
JOIN institutions i ON i.slug = p.institution
ON CONFLICT DO NOTHING;

INSERT INTO agreement_axes (agreement_id, axis_id)
SELECT ag.id, ax.id FROM (VALUES
 ('oujda-2022-mobile-emergency', 'proximity-services'),
 ('oujda-2022-mobile-emergency', 'partnerships'),
 ('oujda-2022-women-empowerment', 'territorial-equity'),
 ('oujda-2022-women-empowerment', 'partnerships'),
 ('al-charq-moubadara', 'partnerships'),
 ('al-charq-moubadara', 'sustainable-development')
) AS x(agreement, axis)
JOIN agreements ag ON ag.ref = x.agreement JOIN axes ax ON ax.slug = x.axis
ON CONFLICT DO NOTHING;

INSERT INTO agreement_fields (agreement_id, field_id)
SELECT ag.id, f.id FROM (VALUES
 ('oujda-2022-mobile-emergency', 'social-emergency'),
 ('oujda-2022-women-empowerment', 'women-empowerment')
) AS x(agreement, field)
JOIN agreements ag ON ag.ref = x.agreement JOIN fields f ON f.slug = x.field
ON CONFLICT DO NOTHING;

INSERT INTO agreement_provinces (agreement_id, province_id)
SELECT ag.id, p.id FROM agreements ag, provinces p
WHERE ag.ref = 'oujda-2022-mobile-emergency' AND p.region_id = 2
ON CONFLICT DO NOTHING;

INSERT INTO agreement_milestones (agreement_id, position, title_ar, title_fr, due_on, percent)
SELECT ag.id, m.position, m.title_ar, m.title_fr, m.due_on::date, m.percent
FROM (VALUES
 ('oujda-2022-mobile-emergency', 1, 'اقتناء الوحدات المتنقلة', 'Acquisition des unités mobiles', '2022-09-30', 100),
 ('oujda-2022-mobile-emergency', 2, 'تكوين فرق الإسعاف الاجتماعي', 'Formation des équipes d''assistance sociale', '2023-06-30', 60)
) AS m(agreement, position, title_ar, title_fr, due_on, percent)
JOIN agreements ag ON ag.ref = m.agreement
ON CONFLICT DO NOTHING;

-- Demonstration expectations, answers, commitments and comments, so that
-- every page shows something on a first run. None of it is from the
-- dispatch: each record is marked demo and its page says so.

INSERT INTO expectations (ref, region_id, meeting_id, title_ar, title_fr, description_ar, description_fr, field_id,
    population_ar, population_fr, priority, status, answer_ar, answer_fr, institution_id, demo, submitted_at, decided_at)
VALUES
('demo-tanger-tetouan-al-hoceima-elderly-centre', 1, NULL, 'مركز لاستقبال الأشخاص المسنين — جهة طنجة تطوان الحسيمة', 'Centre d''accueil pour personnes âgées — Tanger-Tétouan-Al Hoceïma', 'إحداث مركز نهاري لاستقبال الأشخاص المسنين في وضعية عزلة، مع خدمات المواكبة الصحية والاجتماعية.', 'Créer un centre de jour pour les personnes âgées isolées, avec un accompagnement social et sanitaire.', (SELECT id FROM fields WHERE slug = 'elderly'), 'الأشخاص المسنون في وضعية عزلة', 'Personnes âgées isolées', 1, 'received', '', '', NULL, true, '2022-02-20 09:30:00+01', NULL),
('demo-tanger-tetouan-al-hoceima-child-protection', 1, NULL, 'فضاء متعدد الوظائف لحماية الطفولة — جهة طنجة تطوان الحسيمة', 'Espace multifonctionnel de protection de l''enfance — Tanger-Tétouan-Al Hoceïma', 'تجميع خدمات التكفل بالأطفال ضحايا العنف في فضاء واحد بتنسيق بين المتدخلين.', 'Réunir en un même lieu la prise en charge des enfants victimes de violence, en coordonnant les intervenants.', (SELECT id FROM fields WHERE slug = 'childhood'), 'الأطفال ضحايا العنف وأسرهم', 'Enfants victimes de violence et leurs familles', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-02-21 09:30:00+01', NULL),
('demo-tanger-tetouan-al-hoceima-women-coops', 1, NULL, 'مواكبة التعاونيات النسائية — جهة طنجة تطوان الحسيمة', 'Accompagnement des coopératives féminines — Tanger-Tétouan-Al Hoceïma', 'مواكبة التعاونيات النسائية في التسويق والتكوين والولوج إلى التمويل.', 'Accompagner les coopératives féminines en commercialisation, formation et accès au financement.', (SELECT id FROM fields WHERE slug = 'women-empowerment'), 'النساء أعضاء التعاونيات', 'Femmes membres de coopératives', 3, 'retained', 'محتفظ به: ستواكب 40 تعاونية في إطار برنامج التمكين الاقتصادي للنساء.', 'Retenue : 40 coopératives seront accompagnées au titre du programme d''autonomisation économique des femmes.', (SELECT id FROM institutions WHERE slug = 'ads'), true, '2022-02-22 09:30:00+01', '2022-06-02 11:00:00+01'),
('demo-tanger-tetouan-al-hoceima-digital-desk', 1, NULL, 'شباك رقمي موحد للخدمات الاجتماعية — جهة طنجة تطوان الحسيمة', 'Guichet numérique unique des services sociaux — Tanger-Tétouan-Al Hoceïma', 'تمكين المرتفقين من إيداع طلباتهم وتتبعها عن بعد لدى مؤسسات القطب الاجتماعي.', 'Permettre aux usagers de déposer et suivre leurs demandes à distance auprès des institutions du pôle social.', NULL, 'مرتفقو مؤسسات القطب الاجتماعي', 'Usagers des institutions du pôle social', 1, 'not_retained', 'غير محتفظ به جهويا: يعد الشباك على المستوى الوطني.', 'Non retenue au niveau régional : le guichet est préparé au niveau national.', NULL, true, '2022-02-23 09:30:00+01', '2022-06-02 11:00:00+01'),
('demo-oriental-child-protection', 2, (SELECT id FROM meetings WHERE ref = 'oujda-2022'), 'فضاء متعدد الوظائف لحماية الطفولة — جهة الشرق', 'Espace multifonctionnel de protection de l''enfance — L''Oriental', 'تجميع خدمات التكفل بالأطفال ضحايا العنف في فضاء واحد بتنسيق بين المتدخلين.', 'Réunir en un même lieu la prise en charge des enfants victimes de violence, en coordonnant les intervenants.', (SELECT id FROM fields WHERE slug = 'childhood'), 'الأطفال ضحايا العنف وأسرهم', 'Enfants victimes de violence et leurs familles', 1, 'received', '', '', NULL, true, '2022-01-20 09:30:00+01', NULL),
('demo-oriental-women-coops', 2, (SELECT id FROM meetings WHERE ref = 'oujda-2022'), 'مواكبة التعاونيات النسائية — جهة الشرق', 'Accompagnement des coopératives féminines — L''Oriental', 'مواكبة التعاونيات النسائية في التسويق والتكوين والولوج إلى التمويل.', 'Accompagner les coopératives féminines en commercialisation, formation et accès au financement.', (SELECT id FROM fields WHERE slug = 'women-empowerment'), 'النساء أعضاء التعاونيات', 'Femmes membres de coopératives', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-01-21 09:30:00+01', NULL),
('demo-oriental-digital-desk', 2, (SELECT id FROM meetings WHERE ref = 'oujda-2022'), 'شباك رقمي موحد للخدمات الاجتماعية — جهة الشرق', 'Guichet numérique unique des services sociaux — L''Oriental', 'تمكين المرتفقين من إيداع طلباتهم وتتبعها عن بعد لدى مؤسسات القطب الاجتماعي.', 'Permettre aux usagers de déposer et suivre leurs demandes à distance auprès des institutions du pôle social.', NULL, 'مرتفقو مؤسسات القطب الاجتماعي', 'Usagers des institutions du pôle social', 3, 'retained', 'محتفظ به: سيعمم الشباك الرقمي انطلاقا من تجربة إقليم بركان.', 'Retenue : le guichet numérique sera généralisé à partir de l''expérience de la province de Berkane.', (SELECT id FROM institutions WHERE slug = 'ads'), true, '2022-01-22 09:30:00+01', '2022-06-03 11:00:00+01'),
('demo-oriental-mobile-units', 2, (SELECT id FROM meetings WHERE ref = 'oujda-2022'), 'وحدات متنقلة للإسعاف الاجتماعي بالعالم القروي — جهة الشرق', 'Unités mobiles d''assistance sociale d''urgence en milieu rural — L''Oriental', 'توسيع تغطية الإسعاف الاجتماعي المتنقل ليشمل الجماعات القروية البعيدة عن مراكز الاستقبال.', 'Étendre l''assistance sociale mobile aux communes rurales éloignées des centres d''accueil.', (SELECT id FROM fields WHERE slug = 'social-emergency'), 'الأشخاص في وضعية هشاشة بالجماعات القروية', 'Personnes en situation de vulnérabilité des communes rurales', 1, 'not_retained', 'غير محتفظ به في هذه المرحلة: تغطي الوحدات الحالية الجماعات المعنية؛ ستقيم التغطية في 2023.', 'Non retenue à ce stade : les unités existantes couvrent les communes concernées ; la couverture sera évaluée en 2023.', NULL, true, '2022-01-23 09:30:00+01', '2022-06-03 11:00:00+01'),
('demo-fes-meknes-women-coops', 3, NULL, 'مواكبة التعاونيات النسائية — جهة فاس مكناس', 'Accompagnement des coopératives féminines — Fès-Meknès', 'مواكبة التعاونيات النسائية في التسويق والتكوين والولوج إلى التمويل.', 'Accompagner les coopératives féminines en commercialisation, formation et accès au financement.', (SELECT id FROM fields WHERE slug = 'women-empowerment'), 'النساء أعضاء التعاونيات', 'Femmes membres de coopératives', 1, 'received', '', '', NULL, true, '2022-02-20 09:30:00+01', NULL),
('demo-fes-meknes-digital-desk', 3, NULL, 'شباك رقمي موحد للخدمات الاجتماعية — جهة فاس مكناس', 'Guichet numérique unique des services sociaux — Fès-Meknès', 'تمكين المرتفقين من إيداع طلباتهم وتتبعها عن بعد لدى مؤسسات القطب الاجتماعي.', 'Permettre aux usagers de déposer et suivre leurs demandes à distance auprès des institutions du pôle social.', NULL, 'مرتفقو مؤسسات القطب الاجتماعي', 'Usagers des institutions du pôle social', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-02-21 09:30:00+01', NULL),
('demo-fes-meknes-mobile-units', 3, NULL, 'وحدات متنقلة للإسعاف الاجتماعي بالعالم القروي — جهة فاس مكناس', 'Unités mobiles d''assistance sociale d''urgence en milieu rural — Fès-Meknès', 'توسيع تغطية الإسعاف الاجتماعي المتنقل ليشمل الجماعات القروية البعيدة عن مراكز الاستقبال.', 'Étendre l''assistance sociale mobile aux communes rurales éloignées des centres d''accueil.', (SELECT id FROM fields WHERE slug = 'social-emergency'), 'الأشخاص في وضعية هشاشة بالجماعات القروية', 'Personnes en situation de vulnérabilité des communes rurales', 3, 'retained', 'محتفظ به: ستبرمج وحدتان متنقلتان إضافيتان بتنسيق مع التعاون الوطني.', 'Retenue : deux unités mobiles supplémentaires seront programmées avec l''Entraide Nationale.', (SELECT id FROM institutions WHERE slug = 'en'), true, '2022-02-22 09:30:00+01', '2022-06-04 11:00:00+01'),
('demo-fes-meknes-elderly-centre', 3, NULL, 'مركز لاستقبال الأشخاص المسنين — جهة فاس مكناس', 'Centre d''accueil pour personnes âgées — Fès-Meknès', 'إحداث مركز نهاري لاستقبال الأشخاص المسنين في وضعية عزلة، مع خدمات المواكبة الصحية والاجتماعية.', 'Créer un centre de jour pour les personnes âgées isolées, avec un accompagnement social et sanitaire.', (SELECT id FROM fields WHERE slug = 'elderly'), 'الأشخاص المسنون في وضعية عزلة', 'Personnes âgées isolées', 1, 'not_retained', 'غير محتفظ به: توجد طاقة استيعابية غير مستعملة بالمراكز القريبة؛ سيعزز النقل نحوها.', 'Non retenue : des places restent libres dans les centres voisins ; le transport vers ceux-ci sera renforcé.', NULL, true, '2022-02-23 09:30:00+01', '2022-06-04 11:00:00+01'),
('demo-fes-meknes-child-protection', 3, NULL, 'فضاء متعدد الوظائف لحماية الطفولة — جهة فاس مكناس', 'Espace multifonctionnel de protection de l''enfance — Fès-Meknès', 'تجميع خدمات التكفل بالأطفال ضحايا العنف في فضاء واحد بتنسيق بين المتدخلين.', 'Réunir en un même lieu la prise en charge des enfants victimes de violence, en coordonnant les intervenants.', (SELECT id FROM fields WHERE slug = 'childhood'), 'الأطفال ضحايا العنف وأسرهم', 'Enfants victimes de violence et leurs familles', 2, 'partly_retained', 'محتفظ به جزئيا: يحدث الفضاء في عاصمة الجهة أولا ثم يعمم حسب التقييم.', 'Retenue en partie : l''espace ouvrira d''abord au chef-lieu, puis sera étendu selon l''évaluation.', (SELECT id FROM institutions WHERE slug = 'msisf'), true, '2022-02-24 09:30:00+01', '2022-06-04 11:00:00+01'),
('demo-rabat-sale-kenitra-digital-desk', 4, NULL, 'شباك رقمي موحد للخدمات الاجتماعية — جهة الرباط سلا القنيطرة', 'Guichet numérique unique des services sociaux — Rabat-Salé-Kénitra', 'تمكين المرتفقين من إيداع طلباتهم وتتبعها عن بعد لدى مؤسسات القطب الاجتماعي.', 'Permettre aux usagers de déposer et suivre leurs demandes à distance auprès des institutions du pôle social.', NULL, 'مرتفقو مؤسسات القطب الاجتماعي', 'Usagers des institutions du pôle social', 1, 'received', '', '', NULL, true, '2022-01-20 09:30:00+01', NULL),
('demo-rabat-sale-kenitra-mobile-units', 4, NULL, 'وحدات متنقلة للإسعاف الاجتماعي بالعالم القروي — جهة الرباط سلا القنيطرة', 'Unités mobiles d''assistance sociale d''urgence en milieu rural — Rabat-Salé-Kénitra', 'توسيع تغطية الإسعاف الاجتماعي المتنقل ليشمل الجماعات القروية البعيدة عن مراكز الاستقبال.', 'Étendre l''assistance sociale mobile aux communes rurales éloignées des centres d''accueil.', (SELECT id FROM fields WHERE slug = 'social-emergency'), 'الأشخاص في وضعية هشاشة بالجماعات القروية', 'Personnes en situation de vulnérabilité des communes rurales', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-01-21 09:30:00+01', NULL),
('demo-rabat-sale-kenitra-elderly-centre', 4, NULL, 'مركز لاستقبال الأشخاص المسنين — جهة الرباط سلا القنيطرة', 'Centre d''accueil pour personnes âgées — Rabat-Salé-Kénitra', 'إحداث مركز نهاري لاستقبال الأشخاص المسنين في وضعية عزلة، مع خدمات المواكبة الصحية والاجتماعية.', 'Créer un centre de jour pour les personnes âgées isolées, avec un accompagnement social et sanitaire.', (SELECT id FROM fields WHERE slug = 'elderly'), 'الأشخاص المسنون في وضعية عزلة', 'Personnes âgées isolées', 3, 'retained', 'محتفظ به: سيدرج المركز في برنامج مؤسسات الرعاية الاجتماعية.', 'Retenue : le centre sera inscrit au programme des établissements de protection sociale.', (SELECT id FROM institutions WHERE slug = 'en'), true, '2022-01-22 09:30:00+01', '2022-06-05 11:00:00+01'),
('demo-rabat-sale-kenitra-child-protection', 4, NULL, 'فضاء متعدد الوظائف لحماية الطفولة — جهة الرباط سلا القنيطرة', 'Espace multifonctionnel de protection de l''enfance — Rabat-Salé-Kénitra', 'تجميع خدمات التكفل بالأطفال ضحايا العنف في فضاء واحد بتنسيق بين المتدخلين.', 'Réunir en un même lieu la prise en charge des enfants victimes de violence, en coordonnant les intervenants.', (SELECT id FROM fields WHERE slug = 'childhood'), 'الأطفال ضحايا العنف وأسرهم', 'Enfants victimes de violence et leurs familles', 1, 'not_retained', 'غير محتفظ به: تغطي الأجهزة الترابية المندمجة هذه الخدمات.', 'Non retenue : les dispositifs territoriaux intégrés assurent déjà ces services.', NULL, true, '2022-01-23 09:30:00+01', '2022-06-05 11:00:00+01'),
('demo-beni-mellal-khenifra-mobile-units', 5, NULL, 'وحدات متنقلة للإسعاف الاجتماعي بالعالم القروي — جهة بني ملال خنيفرة', 'Unités mobiles d''assistance sociale d''urgence en milieu rural — Béni Mellal-Khénifra', 'توسيع تغطية الإسعاف الاجتماعي المتنقل ليشمل الجماعات القروية البعيدة عن مراكز الاستقبال.', 'Étendre l''assistance sociale mobile aux communes rurales éloignées des centres d''accueil.', (SELECT id FROM fields WHERE slug = 'social-emergency'), 'الأشخاص في وضعية هشاشة بالجماعات القروية', 'Personnes en situation de vulnérabilité des communes rurales', 1, 'received', '', '', NULL, true, '2022-02-20 09:30:00+01', NULL),
('demo-beni-mellal-khenifra-elderly-centre', 5, NULL, 'مركز لاستقبال الأشخاص المسنين — جهة بني ملال خنيفرة', 'Centre d''accueil pour personnes âgées — Béni Mellal-Khénifra', 'إحداث مركز نهاري لاستقبال الأشخاص المسنين في وضعية عزلة، مع خدمات المواكبة الصحية والاجتماعية.', 'Créer un centre de jour pour les personnes âgées isolées, avec un accompagnement social et sanitaire.', (SELECT id FROM fields WHERE slug = 'elderly'), 'الأشخاص المسنون في وضعية عزلة', 'Personnes âgées isolées', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-02-21 09:30:00+01', NULL),
('demo-beni-mellal-khenifra-child-protection', 5, NULL, 'فضاء متعدد الوظائف لحماية الطفولة — جهة بني ملال خنيفرة', 'Espace multifonctionnel de protection de l''enfance — Béni Mellal-Khénifra', 'تجميع خدمات التكفل بالأطفال ضحايا العنف في فضاء واحد بتنسيق بين المتدخلين.', 'Réunir en un même lieu la prise en charge des enfants victimes de violence, en coordonnant les intervenants.', (SELECT id FROM fields WHERE slug = 'childhood'), 'الأطفال ضحايا العنف وأسرهم', 'Enfants victimes de violence et leurs familles', 3, 'retained', 'محتفظ به: يحدث الفضاء في عاصمة الجهة أولا ثم يعمم حسب التقييم.', 'Retenue : l''espace ouvrira d''abord au chef-lieu, puis sera étendu selon l''évaluation.', (SELECT id FROM institutions WHERE slug = 'msisf'), true, '2022-02-22 09:30:00+01', '2022-06-06 11:00:00+01'),
('demo-beni-mellal-khenifra-women-coops', 5, NULL, 'مواكبة التعاونيات النسائية — جهة بني ملال خنيفرة', 'Accompagnement des coopératives féminines — Béni Mellal-Khénifra', 'مواكبة التعاونيات النسائية في التسويق والتكوين والولوج إلى التمويل.', 'Accompagner les coopératives féminines en commercialisation, formation et accès au financement.', (SELECT id FROM fields WHERE slug = 'women-empowerment'), 'النساء أعضاء التعاونيات', 'Femmes membres de coopératives', 1, 'not_retained', 'غير محتفظ به: تستفيد التعاونيات المعنية من برنامج جار.', 'Non retenue : les coopératives concernées bénéficient déjà d''un programme en cours.', NULL, true, '2022-02-23 09:30:00+01', '2022-06-06 11:00:00+01'),
('demo-casablanca-settat-elderly-centre', 6, NULL, 'مركز لاستقبال الأشخاص المسنين — جهة الدار البيضاء سطات', 'Centre d''accueil pour personnes âgées — Casablanca-Settat', 'إحداث مركز نهاري لاستقبال الأشخاص المسنين في وضعية عزلة، مع خدمات المواكبة الصحية والاجتماعية.', 'Créer un centre de jour pour les personnes âgées isolées, avec un accompagnement social et sanitaire.', (SELECT id FROM fields WHERE slug = 'elderly'), 'الأشخاص المسنون في وضعية عزلة', 'Personnes âgées isolées', 1, 'received', '', '', NULL, true, '2022-01-20 09:30:00+01', NULL),
('demo-casablanca-settat-child-protection', 6, NULL, 'فضاء متعدد الوظائف لحماية الطفولة — جهة الدار البيضاء سطات', 'Espace multifonctionnel de protection de l''enfance — Casablanca-Settat', 'تجميع خدمات التكفل بالأطفال ضحايا العنف في فضاء واحد بتنسيق بين المتدخلين.', 'Réunir en un même lieu la prise en charge des enfants victimes de violence, en coordonnant les intervenants.', (SELECT id FROM fields WHERE slug = 'childhood'), 'الأطفال ضحايا العنف وأسرهم', 'Enfants victimes de violence et leurs familles', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-01-21 09:30:00+01', NULL),
('demo-casablanca-settat-women-coops', 6, NULL, 'مواكبة التعاونيات النسائية — جهة الدار البيضاء سطات', 'Accompagnement des coopératives féminines — Casablanca-Settat', 'مواكبة التعاونيات النسائية في التسويق والتكوين والولوج إلى التمويل.', 'Accompagner les coopératives féminines en commercialisation, formation et accès au financement.', (SELECT id FROM fields WHERE slug = 'women-empowerment'), 'النساء أعضاء التعاونيات', 'Femmes membres de coopératives', 3, 'retained', 'محتفظ به: ستواكب 40 تعاونية في إطار برنامج التمكين الاقتصادي للنساء.', 'Retenue : 40 coopératives seront accompagnées au titre du programme d''autonomisation économique des femmes.', (SELECT id FROM institutions WHERE slug = 'ads'), true, '2022-01-22 09:30:00+01', '2022-06-07 11:00:00+01'),
('demo-casablanca-settat-digital-desk', 6, NULL, 'شباك رقمي موحد للخدمات الاجتماعية — جهة الدار البيضاء سطات', 'Guichet numérique unique des services sociaux — Casablanca-Settat', 'تمكين المرتفقين من إيداع طلباتهم وتتبعها عن بعد لدى مؤسسات القطب الاجتماعي.', 'Permettre aux usagers de déposer et suivre leurs demandes à distance auprès des institutions du pôle social.', NULL, 'مرتفقو مؤسسات القطب الاجتماعي', 'Usagers des institutions du pôle social', 1, 'not_retained', 'غير محتفظ به جهويا: يعد الشباك على المستوى الوطني.', 'Non retenue au niveau régional : le guichet est préparé au niveau national.', NULL, true, '2022-01-23 09:30:00+01', '2022-06-07 11:00:00+01'),
('demo-casablanca-settat-mobile-units', 6, NULL, 'وحدات متنقلة للإسعاف الاجتماعي بالعالم القروي — جهة الدار البيضاء سطات', 'Unités mobiles d''assistance sociale d''urgence en milieu rural — Casablanca-Settat', 'توسيع تغطية الإسعاف الاجتماعي المتنقل ليشمل الجماعات القروية البعيدة عن مراكز الاستقبال.', 'Étendre l''assistance sociale mobile aux communes rurales éloignées des centres d''accueil.', (SELECT id FROM fields WHERE slug = 'social-emergency'), 'الأشخاص في وضعية هشاشة بالجماعات القروية', 'Personnes en situation de vulnérabilité des communes rurales', 2, 'partly_retained', 'محتفظ به جزئيا: ستبرمج وحدتان متنقلتان إضافيتان بتنسيق مع التعاون الوطني.', 'Retenue en partie : deux unités mobiles supplémentaires seront programmées avec l''Entraide Nationale.', (SELECT id FROM institutions WHERE slug = 'en'), true, '2022-01-24 09:30:00+01', '2022-06-07 11:00:00+01'),
('demo-marrakech-safi-child-protection', 7, NULL, 'فضاء متعدد الوظائف لحماية الطفولة — جهة مراكش آسفي', 'Espace multifonctionnel de protection de l''enfance — Marrakech-Safi', 'تجميع خدمات التكفل بالأطفال ضحايا العنف في فضاء واحد بتنسيق بين المتدخلين.', 'Réunir en un même lieu la prise en charge des enfants victimes de violence, en coordonnant les intervenants.', (SELECT id FROM fields WHERE slug = 'childhood'), 'الأطفال ضحايا العنف وأسرهم', 'Enfants victimes de violence et leurs familles', 1, 'received', '', '', NULL, true, '2022-02-20 09:30:00+01', NULL),
('demo-marrakech-safi-women-coops', 7, NULL, 'مواكبة التعاونيات النسائية — جهة مراكش آسفي', 'Accompagnement des coopératives féminines — Marrakech-Safi', 'مواكبة التعاونيات النسائية في التسويق والتكوين والولوج إلى التمويل.', 'Accompagner les coopératives féminines en commercialisation, formation et accès au financement.', (SELECT id FROM fields WHERE slug = 'women-empowerment'), 'النساء أعضاء التعاونيات', 'Femmes membres de coopératives', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-02-21 09:30:00+01', NULL),
('demo-marrakech-safi-digital-desk', 7, NULL, 'شباك رقمي موحد للخدمات الاجتماعية — جهة مراكش آسفي', 'Guichet numérique unique des services sociaux — Marrakech-Safi', 'تمكين المرتفقين من إيداع طلباتهم وتتبعها عن بعد لدى مؤسسات القطب الاجتماعي.', 'Permettre aux usagers de déposer et suivre leurs demandes à distance auprès des institutions du pôle social.', NULL, 'مرتفقو مؤسسات القطب الاجتماعي', 'Usagers des institutions du pôle social', 3, 'retained', 'محتفظ به: سيعمم الشباك الرقمي انطلاقا من تجربة إقليم بركان.', 'Retenue : le guichet numérique sera généralisé à partir de l''expérience de la province de Berkane.', (SELECT id FROM institutions WHERE slug = 'ads'), true, '2022-02-22 09:30:00+01', '2022-06-08 11:00:00+01'),
('demo-marrakech-safi-mobile-units', 7, NULL, 'وحدات متنقلة للإسعاف الاجتماعي بالعالم القروي — جهة مراكش آسفي', 'Unités mobiles d''assistance sociale d''urgence en milieu rural — Marrakech-Safi', 'توسيع تغطية الإسعاف الاجتماعي المتنقل ليشمل الجماعات القروية البعيدة عن مراكز الاستقبال.', 'Étendre l''assistance sociale mobile aux communes rurales éloignées des centres d''accueil.', (SELECT id FROM fields WHERE slug = 'social-emergency'), 'الأشخاص في وضعية هشاشة بالجماعات القروية', 'Personnes en situation de vulnérabilité des communes rurales', 1, 'not_retained', 'غير محتفظ به في هذه المرحلة: تغطي الوحدات الحالية الجماعات المعنية؛ ستقيم التغطية في 2023.', 'Non retenue à ce stade : les unités existantes couvrent les communes concernées ; la couverture sera évaluée en 2023.', NULL, true, '2022-02-23 09:30:00+01', '2022-06-08 11:00:00+01'),
('demo-draa-tafilalet-women-coops', 8, NULL, 'مواكبة التعاونيات النسائية — جهة درعة تافيلالت', 'Accompagnement des coopératives féminines — Drâa-Tafilalet', 'مواكبة التعاونيات النسائية في التسويق والتكوين والولوج إلى التمويل.', 'Accompagner les coopératives féminines en commercialisation, formation et accès au financement.', (SELECT id FROM fields WHERE slug = 'women-empowerment'), 'النساء أعضاء التعاونيات', 'Femmes membres de coopératives', 1, 'received', '', '', NULL, true, '2022-01-20 09:30:00+01', NULL),
('demo-draa-tafilalet-digital-desk', 8, NULL, 'شباك رقمي موحد للخدمات الاجتماعية — جهة درعة تافيلالت', 'Guichet numérique unique des services sociaux — Drâa-Tafilalet', 'تمكين المرتفقين من إيداع طلباتهم وتتبعها عن بعد لدى مؤسسات القطب الاجتماعي.', 'Permettre aux usagers de déposer et suivre leurs demandes à distance auprès des institutions du pôle social.', NULL, 'مرتفقو مؤسسات القطب الاجتماعي', 'Usagers des institutions du pôle social', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-01-21 09:30:00+01', NULL),
('demo-draa-tafilalet-mobile-units', 8, NULL, 'وحدات متنقلة للإسعاف الاجتماعي بالعالم القروي — جهة درعة تافيلالت', 'Unités mobiles d''assistance sociale d''urgence en milieu rural — Drâa-Tafilalet', 'توسيع تغطية الإسعاف الاجتماعي المتنقل ليشمل الجماعات القروية البعيدة عن مراكز الاستقبال.', 'Étendre l''assistance sociale mobile aux communes rurales éloignées des centres d''accueil.', (SELECT id FROM fields WHERE slug = 'social-emergency'), 'الأشخاص في وضعية هشاشة بالجماعات القروية', 'Personnes en situation de vulnérabilité des communes rurales', 3, 'retained', 'محتفظ به: ستبرمج وحدتان متنقلتان إضافيتان بتنسيق مع التعاون الوطني.', 'Retenue : deux unités mobiles supplémentaires seront programmées avec l''Entraide Nationale.', (SELECT id FROM institutions WHERE slug = 'en'), true, '2022-01-22 09:30:00+01', '2022-06-09 11:00:00+01'),
('demo-draa-tafilalet-elderly-centre', 8, NULL, 'مركز لاستقبال الأشخاص المسنين — جهة درعة تافيلالت', 'Centre d''accueil pour personnes âgées — Drâa-Tafilalet', 'إحداث مركز نهاري لاستقبال الأشخاص المسنين في وضعية عزلة، مع خدمات المواكبة الصحية والاجتماعية.', 'Créer un centre de jour pour les personnes âgées isolées, avec un accompagnement social et sanitaire.', (SELECT id FROM fields WHERE slug = 'elderly'), 'الأشخاص المسنون في وضعية عزلة', 'Personnes âgées isolées', 1, 'not_retained', 'غير محتفظ به: توجد طاقة استيعابية غير مستعملة بالمراكز القريبة؛ سيعزز النقل نحوها.', 'Non retenue : des places restent libres dans les centres voisins ; le transport vers ceux-ci sera renforcé.', NULL, true, '2022-01-23 09:30:00+01', '2022-06-09 11:00:00+01'),
('demo-souss-massa-digital-desk', 9, NULL, 'شباك رقمي موحد للخدمات الاجتماعية — جهة سوس ماسة', 'Guichet numérique unique des services sociaux — Souss-Massa', 'تمكين المرتفقين من إيداع طلباتهم وتتبعها عن بعد لدى مؤسسات القطب الاجتماعي.', 'Permettre aux usagers de déposer et suivre leurs demandes à distance auprès des institutions du pôle social.', NULL, 'مرتفقو مؤسسات القطب الاجتماعي', 'Usagers des institutions du pôle social', 1, 'received', '', '', NULL, true, '2022-02-20 09:30:00+01', NULL),
('demo-souss-massa-mobile-units', 9, NULL, 'وحدات متنقلة للإسعاف الاجتماعي بالعالم القروي — جهة سوس ماسة', 'Unités mobiles d''assistance sociale d''urgence en milieu rural — Souss-Massa', 'توسيع تغطية الإسعاف الاجتماعي المتنقل ليشمل الجماعات القروية البعيدة عن مراكز الاستقبال.', 'Étendre l''assistance sociale mobile aux communes rurales éloignées des centres d''accueil.', (SELECT id FROM fields WHERE slug = 'social-emergency'), 'الأشخاص في وضعية هشاشة بالجماعات القروية', 'Personnes en situation de vulnérabilité des communes rurales', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-02-21 09:30:00+01', NULL),
('demo-souss-massa-elderly-centre', 9, NULL, 'مركز لاستقبال الأشخاص المسنين — جهة سوس ماسة', 'Centre d''accueil pour personnes âgées — Souss-Massa', 'إحداث مركز نهاري لاستقبال الأشخاص المسنين في وضعية عزلة، مع خدمات المواكبة الصحية والاجتماعية.', 'Créer un centre de jour pour les personnes âgées isolées, avec un accompagnement social et sanitaire.', (SELECT id FROM fields WHERE slug = 'elderly'), 'الأشخاص المسنون في وضعية عزلة', 'Personnes âgées isolées', 3, 'retained', 'محتفظ به: سيدرج المركز في برنامج مؤسسات الرعاية الاجتماعية.', 'Retenue : le centre sera inscrit au programme des établissements de protection sociale.', (SELECT id FROM institutions WHERE slug = 'en'), true, '2022-02-22 09:30:00+01', '2022-06-10 11:00:00+01'),
('demo-souss-massa-child-protection', 9, NULL, 'فضاء متعدد الوظائف لحماية الطفولة — جهة سوس ماسة', 'Espace multifonctionnel de protection de l''enfance — Souss-Massa', 'تجميع خدمات التكفل بالأطفال ضحايا العنف في فضاء واحد بتنسيق بين المتدخلين.', 'Réunir en un même lieu la prise en charge des enfants victimes de violence, en coordonnant les intervenants.', (SELECT id FROM fields WHERE slug = 'childhood'), 'الأطفال ضحايا العنف وأسرهم', 'Enfants victimes de violence et leurs familles', 1, 'not_retained', 'غير محتفظ به: تغطي الأجهزة الترابية المندمجة هذه الخدمات.', 'Non retenue : les dispositifs territoriaux intégrés assurent déjà ces services.', NULL, true, '2022-02-23 09:30:00+01', '2022-06-10 11:00:00+01'),
('demo-souss-massa-women-coops', 9, NULL, 'مواكبة التعاونيات النسائية — جهة سوس ماسة', 'Accompagnement des coopératives féminines — Souss-Massa', 'مواكبة التعاونيات النسائية في التسويق والتكوين والولوج إلى التمويل.', 'Accompagner les coopératives féminines en commercialisation, formation et accès au financement.', (SELECT id FROM fields WHERE slug = 'women-empowerment'), 'النساء أعضاء التعاونيات', 'Femmes membres de coopératives', 2, 'partly_retained', 'محتفظ به جزئيا: ستواكب 40 تعاونية في إطار برنامج التمكين الاقتصادي للنساء.', 'Retenue en partie : 40 coopératives seront accompagnées au titre du programme d''autonomisation économique des femmes.', (SELECT id FROM institutions WHERE slug = 'ads'), true, '2022-02-24 09:30:00+01', '2022-06-10 11:00:00+01'),
('demo-guelmim-oued-noun-mobile-units', 10, NULL, 'وحدات متنقلة للإسعاف الاجتماعي بالعالم القروي — جهة كلميم واد نون', 'Unités mobiles d''assistance sociale d''urgence en milieu rural — Guelmim-Oued Noun', 'توسيع تغطية الإسعاف الاجتماعي المتنقل ليشمل الجماعات القروية البعيدة عن مراكز الاستقبال.', 'Étendre l''assistance sociale mobile aux communes rurales éloignées des centres d''accueil.', (SELECT id FROM fields WHERE slug = 'social-emergency'), 'الأشخاص في وضعية هشاشة بالجماعات القروية', 'Personnes en situation de vulnérabilité des communes rurales', 1, 'received', '', '', NULL, true, '2022-01-20 09:30:00+01', NULL),
('demo-guelmim-oued-noun-elderly-centre', 10, NULL, 'مركز لاستقبال الأشخاص المسنين — جهة كلميم واد نون', 'Centre d''accueil pour personnes âgées — Guelmim-Oued Noun', 'إحداث مركز نهاري لاستقبال الأشخاص المسنين في وضعية عزلة، مع خدمات المواكبة الصحية والاجتماعية.', 'Créer un centre de jour pour les personnes âgées isolées, avec un accompagnement social et sanitaire.', (SELECT id FROM fields WHERE slug = 'elderly'), 'الأشخاص المسنون في وضعية عزلة', 'Personnes âgées isolées', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-01-21 09:30:00+01', NULL),
('demo-guelmim-oued-noun-child-protection', 10, NULL, 'فضاء متعدد الوظائف لحماية الطفولة — جهة كلميم واد نون', 'Espace multifonctionnel de protection de l''enfance — Guelmim-Oued Noun', 'تجميع خدمات التكفل بالأطفال ضحايا العنف في فضاء واحد بتنسيق بين المتدخلين.', 'Réunir en un même lieu la prise en charge des enfants victimes de violence, en coordonnant les intervenants.', (SELECT id FROM fields WHERE slug = 'childhood'), 'الأطفال ضحايا العنف وأسرهم', 'Enfants victimes de violence et leurs familles', 3, 'retained', 'محتفظ به: يحدث الفضاء في عاصمة الجهة أولا ثم يعمم حسب التقييم.', 'Retenue : l''espace ouvrira d''abord au chef-lieu, puis sera étendu selon l''évaluation.', (SELECT id FROM institutions WHERE slug = 'msisf'), true, '2022-01-22 09:30:00+01', '2022-06-11 11:00:00+01'),
('demo-guelmim-oued-noun-women-coops', 10, NULL, 'مواكبة التعاونيات النسائية — جهة كلميم واد نون', 'Accompagnement des coopératives féminines — Guelmim-Oued Noun', 'مواكبة التعاونيات النسائية في التسويق والتكوين والولوج إلى التمويل.', 'Accompagner les coopératives féminines en commercialisation, formation et accès au financement.', (SELECT id FROM fields WHERE slug = 'women-empowerment'), 'النساء أعضاء التعاونيات', 'Femmes membres de coopératives', 1, 'not_retained', 'غير محتفظ به: تستفيد التعاونيات المعنية من برنامج جار.', 'Non retenue : les coopératives concernées bénéficient déjà d''un programme en cours.', NULL, true, '2022-01-23 09:30:00+01', '2022-06-11 11:00:00+01'),
('demo-laayoune-sakia-el-hamra-elderly-centre', 11, NULL, 'مركز لاستقبال الأشخاص المسنين — جهة العيون الساقية الحمراء', 'Centre d''accueil pour personnes âgées — Laâyoune-Sakia El Hamra', 'إحداث مركز نهاري لاستقبال الأشخاص المسنين في وضعية عزلة، مع خدمات المواكبة الصحية والاجتماعية.', 'Créer un centre de jour pour les personnes âgées isolées, avec un accompagnement social et sanitaire.', (SELECT id FROM fields WHERE slug = 'elderly'), 'الأشخاص المسنون في وضعية عزلة', 'Personnes âgées isolées', 1, 'received', '', '', NULL, true, '2022-02-20 09:30:00+01', NULL),
('demo-laayoune-sakia-el-hamra-child-protection', 11, NULL, 'فضاء متعدد الوظائف لحماية الطفولة — جهة العيون الساقية الحمراء', 'Espace multifonctionnel de protection de l''enfance — Laâyoune-Sakia El Hamra', 'تجميع خدمات التكفل بالأطفال ضحايا العنف في فضاء واحد بتنسيق بين المتدخلين.', 'Réunir en un même lieu la prise en charge des enfants victimes de violence, en coordonnant les intervenants.', (SELECT id FROM fields WHERE slug = 'childhood'), 'الأطفال ضحايا العنف وأسرهم', 'Enfants victimes de violence et leurs familles', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-02-21 09:30:00+01', NULL),
('demo-laayoune-sakia-el-hamra-women-coops', 11, NULL, 'مواكبة التعاونيات النسائية — جهة العيون الساقية الحمراء', 'Accompagnement des coopératives féminines — Laâyoune-Sakia El Hamra', 'مواكبة التعاونيات النسائية في التسويق والتكوين والولوج إلى التمويل.', 'Accompagner les coopératives féminines en commercialisation, formation et accès au financement.', (SELECT id FROM fields WHERE slug = 'women-empowerment'), 'النساء أعضاء التعاونيات', 'Femmes membres de coopératives', 3, 'retained', 'محتفظ به: ستواكب 40 تعاونية في إطار برنامج التمكين الاقتصادي للنساء.', 'Retenue : 40 coopératives seront accompagnées au titre du programme d''autonomisation économique des femmes.', (SELECT id FROM institutions WHERE slug = 'ads'), true, '2022-02-22 09:30:00+01', '2022-06-12 11:00:00+01'),
('demo-laayoune-sakia-el-hamra-digital-desk', 11, NULL, 'شباك رقمي موحد للخدمات الاجتماعية — جهة العيون الساقية الحمراء', 'Guichet numérique unique des services sociaux — Laâyoune-Sakia El Hamra', 'تمكين المرتفقين من إيداع طلباتهم وتتبعها عن بعد لدى مؤسسات القطب الاجتماعي.', 'Permettre aux usagers de déposer et suivre leurs demandes à distance auprès des institutions du pôle social.', NULL, 'مرتفقو مؤسسات القطب الاجتماعي', 'Usagers des institutions du pôle social', 1, 'not_retained', 'غير محتفظ به جهويا: يعد الشباك على المستوى الوطني.', 'Non retenue au niveau régional : le guichet est préparé au niveau national.', NULL, true, '2022-02-23 09:30:00+01', '2022-06-12 11:00:00+01'),
('demo-dakhla-oued-ed-dahab-child-protection', 12, NULL, 'فضاء متعدد الوظائف لحماية الطفولة — جهة الداخلة وادي الذهب', 'Espace multifonctionnel de protection de l''enfance — Dakhla-Oued Ed-Dahab', 'تجميع خدمات التكفل بالأطفال ضحايا العنف في فضاء واحد بتنسيق بين المتدخلين.', 'Réunir en un même lieu la prise en charge des enfants victimes de violence, en coordonnant les intervenants.', (SELECT id FROM fields WHERE slug = 'childhood'), 'الأطفال ضحايا العنف وأسرهم', 'Enfants victimes de violence et leurs familles', 1, 'received', '', '', NULL, true, '2022-01-20 09:30:00+01', NULL),
('demo-dakhla-oued-ed-dahab-women-coops', 12, NULL, 'مواكبة التعاونيات النسائية — جهة الداخلة وادي الذهب', 'Accompagnement des coopératives féminines — Dakhla-Oued Ed-Dahab', 'مواكبة التعاونيات النسائية في التسويق والتكوين والولوج إلى التمويل.', 'Accompagner les coopératives féminines en commercialisation, formation et accès au financement.', (SELECT id FROM fields WHERE slug = 'women-empowerment'), 'النساء أعضاء التعاونيات', 'Femmes membres de coopératives', 2, 'under_study', 'قيد الدراسة لدى المصالح المركزية؛ سينشر الجواب بعد انتهاء الدراسة.', 'À l''étude auprès des services centraux ; la réponse sera publiée à l''issue de l''étude.', NULL, true, '2022-01-21 09:30:00+01', NULL),
('demo-dakhla-oued-ed-dahab-digital-desk', 12, NULL, 'شباك رقمي موحد للخدمات الاجتماعية — جهة الداخلة وادي الذهب', 'Guichet numérique unique des services sociaux — Dakhla-Oued Ed-Dahab', 'تمكين المرتفقين من إيداع طلباتهم وتتبعها عن بعد لدى مؤسسات القطب الاجتماعي.', 'Permettre aux usagers de déposer et suivre leurs demandes à distance auprès des institutions du pôle social.', NULL, 'مرتفقو مؤسسات القطب الاجتماعي', 'Usagers des institutions du pôle social', 3, 'retained', 'محتفظ به: سيعمم الشباك الرقمي انطلاقا من تجربة إقليم بركان.', 'Retenue : le guichet numérique sera généralisé à partir de l''expérience de la province de Berkane.', (SELECT id FROM institutions WHERE slug = 'ads'), true, '2022-01-22 09:30:00+01', '2022-06-13 11:00:00+01'),
('demo-dakhla-oued-ed-dahab-mobile-units', 12, NULL, 'وحدات متنقلة للإسعاف الاجتماعي بالعالم القروي — جهة الداخلة وادي الذهب', 'Unités mobiles d''assistance sociale d''urgence en milieu rural — Dakhla-Oued Ed-Dahab', 'توسيع تغطية الإسعاف الاجتماعي المتنقل ليشمل الجماعات القروية البعيدة عن مراكز الاستقبال.', 'Étendre l''assistance sociale mobile aux communes rurales éloignées des centres d''accueil.', (SELECT id FROM fields WHERE slug = 'social-emergency'), 'الأشخاص في وضعية هشاشة بالجماعات القروية', 'Personnes en situation de vulnérabilité des communes rurales', 1, 'not_retained', 'غير محتفظ به في هذه المرحلة: تغطي الوحدات الحالية الجماعات المعنية؛ ستقيم التغطية في 2023.', 'Non retenue à ce stade : les unités existantes couvrent les communes concernées ; la couverture sera évaluée en 2023.', NULL, true, '2022-01-23 09:30:00+01', '2022-06-13 11:00:00+01'),
('demo-dakhla-oued-ed-dahab-elderly-centre', 12, NULL, 'مركز لاستقبال الأشخاص المسنين — جهة الداخلة وادي الذهب', 'Centre d''accueil pour personnes âgées — Dakhla-Oued Ed-Dahab', 'إحداث مركز نهاري لاستقبال الأشخاص المسنين في وضعية عزلة، مع خدمات المواكبة الصحية والاجتماعية.', 'Créer un centre de jour pour les personnes âgées isolées, avec un accompagnement social et sanitaire.', (SELECT id FROM fields WHERE slug = 'elderly'), 'الأشخاص المسنون في وضعية عزلة', 'Personnes âgées isolées', 2, 'partly_retained', 'محتفظ به جزئيا: سيدرج المركز في برنامج مؤسسات الرعاية الاجتماعية.', 'Retenue en partie : le centre sera inscrit au programme des établissements de protection sociale.', (SELECT id FROM institutions WHERE slug = 'en'), true, '2022-01-24 09:30:00+01', '2022-06-13 11:00:00+01')
ON CONFLICT (ref) DO NOTHING;

INSERT INTO expectation_axes (expectation_id, axis_id)
SELECT e.id, a.id FROM (VALUES
('demo-tanger-tetouan-al-hoceima-elderly-centre', 'proximity-services'),
('demo-tanger-tetouan-al-hoceima-child-protection', 'convergence'),
('demo-tanger-tetouan-al-hoceima-women-coops', 'territorial-equity'),
('demo-tanger-tetouan-al-hoceima-digital-desk', 'digitalisation'),
('demo-oriental-child-protection', 'convergence'),
('demo-oriental-women-coops', 'territorial-equity'),
('demo-oriental-digital-desk', 'digitalisation'),
('demo-oriental-mobile-units', 'proximity-services'),
('demo-fes-meknes-women-coops', 'territorial-equity'),
('demo-fes-meknes-digital-desk', 'digitalisation'),
('demo-fes-meknes-mobile-units', 'proximity-services'),
('demo-fes-meknes-elderly-centre', 'proximity-services'),
('demo-fes-meknes-child-protection', 'convergence'),
('demo-rabat-sale-kenitra-digital-desk', 'digitalisation'),
('demo-rabat-sale-kenitra-mobile-units', 'proximity-services'),
('demo-rabat-sale-kenitra-elderly-centre', 'proximity-services'),
('demo-rabat-sale-kenitra-child-protection', 'convergence'),
('demo-beni-mellal-khenifra-mobile-units', 'proximity-services'),
('demo-beni-mellal-khenifra-elderly-centre', 'proximity-services'),
('demo-beni-mellal-khenifra-child-protection', 'convergence'),
('demo-beni-mellal-khenifra-women-coops', 'territorial-equity'),
('demo-casablanca-settat-elderly-centre', 'proximity-services'),
('demo-casablanca-settat-child-protection', 'convergence'),
('demo-casablanca-settat-women-coops', 'territorial-equity'),
('demo-casablanca-settat-digital-desk', 'digitalisation'),
('demo-casablanca-settat-mobile-units', 'proximity-services'),
('demo-marrakech-safi-child-protection', 'convergence'),
('demo-marrakech-safi-women-coops', 'territorial-equity'),
('demo-marrakech-safi-digital-desk', 'digitalisation'),
('demo-marrakech-safi-mobile-units', 'proximity-services'),
('demo-draa-tafilalet-women-coops', 'territorial-equity'),
('demo-draa-tafilalet-digital-desk', 'digitalisation'),
('demo-draa-tafilalet-mobile-units', 'proximity-services'),
('demo-draa-tafilalet-elderly-centre', 'proximity-services'),
('demo-souss-massa-digital-desk', 'digitalisation'),
('demo-souss-massa-mobile-units', 'proximity-services'),
('demo-souss-massa-elderly-centre', 'proximity-services'),
('demo-souss-massa-child-protection', 'convergence'),
('demo-souss-massa-women-coops', 'territorial-equity'),
('demo-guelmim-oued-noun-mobile-units', 'proximity-services'),
('demo-guelmim-oued-noun-elderly-centre', 'proximity-services'),
('demo-guelmim-oued-noun-child-protection', 'convergence'),
('demo-guelmim-oued-noun-women-coops', 'territorial-equity'),
('demo-laayoune-sakia-el-hamra-elderly-centre', 'proximity-services'),
('demo-laayoune-sakia-el-hamra-child-protection', 'convergence'),
('demo-laayoune-sakia-el-hamra-women-coops', 'territorial-equity'),
('demo-laayoune-sakia-el-hamra-digital-desk', 'digitalisation'),
('demo-dakhla-oued-ed-dahab-child-protection', 'convergence'),
('demo-dakhla-oued-ed-dahab-women-coops', 'territorial-equity'),
('demo-dakhla-oued-ed-dahab-digital-desk', 'digitalisation'),
('demo-dakhla-oued-ed-dahab-mobile-units', 'proximity-services'),
('demo-dakhla-oued-ed-dahab-elderly-centre', 'proximity-services')
) AS x(ref, axis) JOIN expectations e ON e.ref = x.ref JOIN axes a ON a.slug = x.axis
ON CONFLICT DO NOTHING;

INSERT INTO expectation_provinces (expectation_id, province_id)
SELECT e.id, p.id FROM expectations e JOIN provinces p ON p.region_id = e.region_id
WHERE e.ref LIKE 'demo-oriental-%' AND p.slug IN ('oujda-angad', 'berkane')
ON CONFLICT DO NOTHING;

INSERT INTO commitments (ref, region_id, axis_id, title_ar, title_fr, institution_id, due_on, progress, state, published_at, demo)
VALUES
('demo-tanger-tetouan-al-hoceima-women-coops-commitment', 1, (SELECT id FROM axes WHERE slug = 'territorial-equity'), 'مواكبة 40 تعاونية نسائية — جهة طنجة تطوان الحسيمة', 'Accompagnement de 40 coopératives féminines — Tanger-Tétouan-Al Hoceïma', (SELECT id FROM institutions WHERE slug = 'ads'), '2024-12-31', 70, 'published', '2022-07-01 10:00:00+01', true),
('demo-oriental-digital-desk-commitment', 2, (SELECT id FROM axes WHERE slug = 'digitalisation'), 'تعميم الشباك الرقمي للخدمات الاجتماعية — جهة الشرق', 'Généralisation du guichet numérique des services sociaux — L''Oriental', (SELECT id FROM institutions WHERE slug = 'ads'), '2024-12-31', 53, 'published', '2022-07-01 10:00:00+01', true),
('demo-fes-meknes-mobile-units-commitment', 3, (SELECT id FROM axes WHERE slug = 'proximity-services'), 'تشغيل وحدتين متنقلتين للإسعاف الاجتماعي — جهة فاس مكناس', 'Mise en service de deux unités mobiles d''assistance sociale — Fès-Meknès', (SELECT id FROM institutions WHERE slug = 'en'), '2024-12-31', 60, 'published', '2022-07-01 10:00:00+01', true),
('demo-fes-meknes-child-protection-commitment', 3, (SELECT id FROM axes WHERE slug = 'convergence'), 'فضاء متعدد الوظائف لحماية الطفولة بعاصمة الجهة — جهة فاس مكناس', 'Espace multifonctionnel de protection de l''enfance au chef-lieu — Fès-Meknès', (SELECT id FROM institutions WHERE slug = 'msisf'), '2024-12-31', 56, 'published', '2022-07-01 10:00:00+01', true),
('demo-rabat-sale-kenitra-elderly-centre-commitment', 4, (SELECT id FROM axes WHERE slug = 'proximity-services'), 'إحداث مركز نهاري للأشخاص المسنين — جهة الرباط سلا القنيطرة', 'Création d''un centre de jour pour personnes âgées — Rabat-Salé-Kénitra', (SELECT id FROM institutions WHERE slug = 'en'), '2024-12-31', 72, 'published', '2022-07-01 10:00:00+01', true),
('demo-beni-mellal-khenifra-child-protection-commitment', 5, (SELECT id FROM axes WHERE slug = 'convergence'), 'فضاء متعدد الوظائف لحماية الطفولة بعاصمة الجهة — جهة بني ملال خنيفرة', 'Espace multifonctionnel de protection de l''enfance au chef-lieu — Béni Mellal-Khénifra', (SELECT id FROM institutions WHERE slug = 'msisf'), '2024-12-31', 56, 'published', '2022-07-01 10:00:00+01', true),
('demo-casablanca-settat-women-coops-commitment', 6, (SELECT id FROM axes WHERE slug = 'territorial-equity'), 'مواكبة 40 تعاونية نسائية — جهة الدار البيضاء سطات', 'Accompagnement de 40 coopératives féminines — Casablanca-Settat', (SELECT id FROM institutions WHERE slug = 'ads'), '2024-12-31', 70, 'published', '2022-07-01 10:00:00+01', true),
('demo-casablanca-settat-mobile-units-commitment', 6, (SELECT id FROM axes WHERE slug = 'proximity-services'), 'تشغيل وحدتين متنقلتين للإسعاف الاجتماعي — جهة الدار البيضاء سطات', 'Mise en service de deux unités mobiles d''assistance sociale — Casablanca-Settat', (SELECT id FROM institutions WHERE slug = 'en'), '2024-12-31', 60, 'published', '2022-07-01 10:00:00+01', true),
('demo-marrakech-safi-digital-desk-commitment', 7, (SELECT id FROM axes WHERE slug = 'digitalisation'), 'تعميم الشباك الرقمي للخدمات الاجتماعية — جهة مراكش آسفي', 'Généralisation du guichet numérique des services sociaux — Marrakech-Safi', (SELECT id FROM institutions WHERE slug = 'ads'), '2024-12-31', 53, 'published', '2022-07-01 10:00:00+01', true),
('demo-draa-tafilalet-mobile-units-commitment', 8, (SELECT id FROM axes WHERE slug = 'proximity-services'), 'تشغيل وحدتين متنقلتين للإسعاف الاجتماعي — جهة درعة تافيلالت', 'Mise en service de deux unités mobiles d''assistance sociale — Drâa-Tafilalet', (SELECT id FROM institutions WHERE slug = 'en'), '2024-12-31', 60, 'published', '2022-07-01 10:00:00+01', true),
('demo-souss-massa-elderly-centre-commitment', 9, (SELECT id FROM axes WHERE slug = 'proximity-services'), 'إحداث مركز نهاري للأشخاص المسنين — جهة سوس ماسة', 'Création d''un centre de jour pour personnes âgées — Souss-Massa', (SELECT id FROM institutions WHERE slug = 'en'), '2024-12-31', 72, 'published', '2022-07-01 10:00:00+01', true),
('demo-souss-massa-women-coops-commitment', 9, (SELECT id FROM axes WHERE slug = 'territorial-equity'), 'مواكبة 40 تعاونية نسائية — جهة سوس ماسة', 'Accompagnement de 40 coopératives féminines — Souss-Massa', (SELECT id FROM institutions WHERE slug = 'ads'), '2024-12-31', 70, 'published', '2022-07-01 10:00:00+01', true),
('demo-guelmim-oued-noun-child-protection-commitment', 10, (SELECT id FROM axes WHERE slug = 'convergence'), 'فضاء متعدد الوظائف لحماية الطفولة بعاصمة الجهة — جهة كلميم واد نون', 'Espace multifonctionnel de protection de l''enfance au chef-lieu — Guelmim-Oued Noun', (SELECT id FROM institutions WHERE slug = 'msisf'), '2024-12-31', 56, 'published', '2022-07-01 10:00:00+01', true),
('demo-laayoune-sakia-el-hamra-women-coops-commitment', 11, (SELECT id FROM axes WHERE slug = 'territorial-equity'), 'مواكبة 40 تعاونية نسائية — جهة العيون الساقية الحمراء', 'Accompagnement de 40 coopératives féminines — Laâyoune-Sakia El Hamra', (SELECT id FROM institutions WHERE slug = 'ads'), '2024-12-31', 70, 'published', '2022-07-01 10:00:00+01', true),
('demo-dakhla-oued-ed-dahab-digital-desk-commitment', 12, (SELECT id FROM axes WHERE slug = 'digitalisation'), 'تعميم الشباك الرقمي للخدمات الاجتماعية — جهة الداخلة وادي الذهب', 'Généralisation du guichet numérique des services sociaux — Dakhla-Oued Ed-Dahab', (SELECT id FROM institutions WHERE slug = 'ads'), '2024-12-31', 53, 'published', '2022-07-01 10:00:00+01', true),
('demo-dakhla-oued-ed-dahab-elderly-centre-commitment', 12, (SELECT id FROM axes WHERE slug = 'proximity-services'), 'إحداث مركز نهاري للأشخاص المسنين — جهة الداخلة وادي الذهب', 'Création d''un centre de jour pour personnes âgées — Dakhla-Oued Ed-Dahab', (SELECT id FROM institutions WHERE slug = 'en'), '2024-12-31', 72, 'published', '2022-07-01 10:00:00+01', true)
ON CONFLICT (ref) DO NOTHING;

INSERT INTO commitment_expectations (commitment_id, expectation_id)
SELECT c.id, e.id FROM (VALUES
('demo-tanger-tetouan-al-hoceima-women-coops-commitment', 'demo-tanger-tetouan-al-hoceima-women-coops'),
('demo-oriental-digital-desk-commitment', 'demo-oriental-digital-desk'),
('demo-fes-meknes-mobile-units-commitment', 'demo-fes-meknes-mobile-units'),
('demo-fes-meknes-child-protection-commitment', 'demo-fes-meknes-child-protection'),
('demo-rabat-sale-kenitra-elderly-centre-commitment', 'demo-rabat-sale-kenitra-elderly-centre'),
('demo-beni-mellal-khenifra-child-protection-commitment', 'demo-beni-mellal-khenifra-child-protection'),
('demo-casablanca-settat-women-coops-commitment', 'demo-casablanca-settat-women-coops'),
('demo-casablanca-settat-mobile-units-commitment', 'demo-casablanca-settat-mobile-units'),
('demo-marrakech-safi-digital-desk-commitment', 'demo-marrakech-safi-digital-desk'),
('demo-draa-tafilalet-mobile-units-commitment', 'demo-draa-tafilalet-mobile-units'),
('demo-souss-massa-elderly-centre-commitment', 'demo-souss-massa-elderly-centre'),
('demo-souss-massa-women-coops-commitment', 'demo-souss-massa-women-coops'),
('demo-guelmim-oued-noun-child-protection-commitment', 'demo-guelmim-oued-noun-child-protection'),
('demo-laayoune-sakia-el-hamra-women-coops-commitment', 'demo-laayoune-sakia-el-hamra-women-coops'),
('demo-dakhla-oued-ed-dahab-digital-desk-commitment', 'demo-dakhla-oued-ed-dahab-digital-desk'),
('demo-dakhla-oued-ed-dahab-elderly-centre-commitment', 'demo-dakhla-oued-ed-dahab-elderly-centre')
) AS x(commitment, expectation) JOIN commitments c ON c.ref = x.commitment JOIN expectations e ON e.ref = x.expectation
ON CONFLICT DO NOTHING;

INSERT INTO commitment_milestones (commitment_id, position, title_ar, title_fr, due_on, percent)
SELECT c.id, m.position, m.title_ar, m.title_fr, m.due_on::date, m.percent FROM (VALUES
('demo-tanger-tetouan-al-hoceima-women-coops-commitment', 1, 'تحديد التعاونيات المستفيدة', 'Sélection des coopératives', '2022-06-30', 100),
('demo-tanger-tetouan-al-hoceima-women-coops-commitment', 2, 'دورات التكوين', 'Sessions de formation', '2023-12-30', 80),
('demo-tanger-tetouan-al-hoceima-women-coops-commitment', 3, 'معارض التسويق', 'Salons de commercialisation', '2023-06-30', 30),
('demo-oriental-digital-desk-commitment', 1, 'تحليل الحاجيات', 'Analyse des besoins', '2022-06-30', 100),
('demo-oriental-digital-desk-commitment', 2, 'تطوير المنصة', 'Développement de la plateforme', '2023-12-30', 50),
('demo-oriental-digital-desk-commitment', 3, 'التكوين والإطلاق', 'Formation et lancement', '2023-06-30', 10),
('demo-fes-meknes-mobile-units-commitment', 1, 'اقتناء وتجهيز الوحدتين', 'Acquisition et équipement des deux unités', '2022-06-30', 100),
('demo-fes-meknes-mobile-units-commitment', 2, 'تكوين الفرق', 'Formation des équipes', '2023-12-30', 60),
('demo-fes-meknes-mobile-units-commitment', 3, 'انطلاق الجولات', 'Début des tournées', '2023-06-30', 20),
('demo-fes-meknes-child-protection-commitment', 1, 'اتفاقية الشراكة مع الجماعة', 'Convention avec la commune', '2022-06-30', 100),
('demo-fes-meknes-child-protection-commitment', 2, 'التهيئة والتجهيز', 'Aménagement et équipement', '2023-12-30', 70),
('demo-fes-meknes-child-protection-commitment', 3, 'الافتتاح', 'Ouverture', '2023-06-30', 0),
('demo-rabat-sale-kenitra-elderly-centre-commitment', 1, 'تحديد العقار والدراسة التقنية', 'Choix du terrain et étude technique', '2022-06-30', 100),
('demo-rabat-sale-kenitra-elderly-centre-commitment', 2, 'الأشغال', 'Travaux', '2023-12-30', 45),
('demo-beni-mellal-khenifra-child-protection-commitment', 1, 'اتفاقية الشراكة مع الجماعة', 'Convention avec la commune', '2022-06-30', 100),
('demo-beni-mellal-khenifra-child-protection-commitment', 2, 'التهيئة والتجهيز', 'Aménagement et équipement', '2023-12-30', 70),
('demo-beni-mellal-khenifra-child-protection-commitment', 3, 'الافتتاح', 'Ouverture', '2023-06-30', 0),
('demo-casablanca-settat-women-coops-commitment', 1, 'تحديد التعاونيات المستفيدة', 'Sélection des coopératives', '2022-06-30', 100),
('demo-casablanca-settat-women-coops-commitment', 2, 'دورات التكوين', 'Sessions de formation', '2023-12-30', 80),
('demo-casablanca-settat-women-coops-commitment', 3, 'معارض التسويق', 'Salons de commercialisation', '2023-06-30', 30),
('demo-casablanca-settat-mobile-units-commitment', 1, 'اقتناء وتجهيز الوحدتين', 'Acquisition et équipement des deux unités', '2022-06-30', 100),
('demo-casablanca-settat-mobile-units-commitment', 2, 'تكوين الفرق', 'Formation des équipes', '2023-12-30', 60),
('demo-casablanca-settat-mobile-units-commitment', 3, 'انطلاق الجولات', 'Début des tournées', '2023-06-30', 20),
('demo-marrakech-safi-digital-desk-commitment', 1, 'تحليل الحاجيات', 'Analyse des besoins', '2022-06-30', 100),
('demo-marrakech-safi-digital-desk-commitment', 2, 'تطوير المنصة', 'Développement de la plateforme', '2023-12-30', 50),
('demo-marrakech-safi-digital-desk-commitment', 3, 'التكوين والإطلاق', 'Formation et lancement', '2023-06-30', 10),
('demo-draa-tafilalet-mobile-units-commitment', 1, 'اقتناء وتجهيز الوحدتين', 'Acquisition et équipement des deux unités', '2022-06-30', 100),
('demo-draa-tafilalet-mobile-units-commitment', 2, 'تكوين الفرق', 'Formation des équipes', '2023-12-30', 60),
('demo-draa-tafilalet-mobile-units-commitment', 3, 'انطلاق الجولات', 'Début des tournées', '2023-06-30', 20),
('demo-souss-massa-elderly-centre-commitment', 1, 'تحديد العقار والدراسة التقنية', 'Choix du terrain et étude technique', '2022-06-30', 100),
('demo-souss-massa-elderly-centre-commitment', 2, 'الأشغال', 'Travaux', '2023-12-30', 45),
('demo-souss-massa-women-coops-commitment', 1, 'تحديد التعاونيات المستفيدة', 'Sélection des coopératives', '2022-06-30', 100),
('demo-souss-massa-women-coops-commitment', 2, 'دورات التكوين', 'Sessions de formation', '2023-12-30', 80),
('demo-souss-massa-women-coops-commitment', 3, 'معارض التسويق', 'Salons de commercialisation', '2023-06-30', 30),
('demo-guelmim-oued-noun-child-protection-commitment', 1, 'اتفاقية الشراكة مع الجماعة', 'Convention avec la commune', '2022-06-30', 100),
('demo-guelmim-oued-noun-child-protection-commitment', 2, 'التهيئة والتجهيز', 'Aménagement et équipement', '2023-12-30', 70),
('demo-guelmim-oued-noun-child-protection-commitment', 3, 'الافتتاح', 'Ouverture', '2023-06-30', 0),
('demo-laayoune-sakia-el-hamra-women-coops-commitment', 1, 'تحديد التعاونيات المستفيدة', 'Sélection des coopératives', '2022-06-30', 100),
('demo-laayoune-sakia-el-hamra-women-coops-commitment', 2, 'دورات التكوين', 'Sessions de formation', '2023-12-30', 80),
('demo-laayoune-sakia-el-hamra-women-coops-commitment', 3, 'معارض التسويق', 'Salons de commercialisation', '2023-06-30', 30),
('demo-dakhla-oued-ed-dahab-digital-desk-commitment', 1, 'تحليل الحاجيات', 'Analyse des besoins', '2022-06-30', 100),
('demo-dakhla-oued-ed-dahab-digital-desk-commitment', 2, 'تطوير المنصة', 'Développement de la plateforme', '2023-12-30', 50),
('demo-dakhla-oued-ed-dahab-digital-desk-commitment', 3, 'التكوين والإطلاق', 'Formation et lancement', '2023-06-30', 10),
('demo-dakhla-oued-ed-dahab-elderly-centre-commitment', 1, 'تحديد العقار والدراسة التقنية', 'Choix du terrain et étude technique', '2022-06-30', 100),
('demo-dakhla-oued-ed-dahab-elderly-centre-commitment', 2, 'الأشغال', 'Travaux', '2023-12-30', 45)
) AS m(commitment, position, title_ar, title_fr, due_on, percent) JOIN commitments c ON c.ref = m.commitment
ON CONFLICT DO NOTHING;

INSERT INTO comments (meeting_id, axis_id, name, email, body, status, ip, created_at, moderated_at, demo)
SELECT m.id, NULL, c.name, c.email, c.body, 'approved', '192.0.2.1', c.at::timestamptz, c.at::timestamptz + interval '1 day', true
FROM meetings m, (VALUES
 ('فاطمة (مثال)', 'demo1@example.net', 'لقاء مفيد؛ نتمنى أن تتابع الانتظارات التي عبرت عنها الجمعيات وأن تنشر الأجوبة.', '2022-01-21 18:00:00+01'),
 ('Karim (exemple)', 'demo2@example.net', 'Merci pour la publication du compte rendu. Les associations de Berkane attendent la suite du guichet numérique.', '2022-01-22 09:15:00+01')
) AS c(name, email, body, at)
WHERE m.ref = 'oujda-2022' AND NOT EXISTS (SELECT 1 FROM comments WHERE demo);

INSERT INTO comments (meeting_id, axis_id, name, email, body, status, ip, created_at, moderated_at, demo)
SELECT NULL, a.id, c.name, c.email, c.body, 'approved', '192.0.2.1', c.at::timestamptz, c.at::timestamptz + interval '1 day', true
FROM axes a, (VALUES
 ('digitalisation', 'سعيد (مثال)', 'demo3@example.net', 'الرقمنة ضرورية، لكن يجب الإبقاء على الاستقبال المباشر لمن لا يستعمل الإنترنت.', '2022-02-03 12:00:00+01'),
 ('proximity-services', 'Nadia (exemple)', 'demo4@example.net', 'Les unités mobiles ont beaucoup aidé dans notre commune ; il en faudrait davantage en hiver.', '2022-02-10 16:40:00+01')
) AS c(axis, name, email, body, at)
WHERE a.slug = c.axis AND (SELECT count(*) FROM comments WHERE demo) < 4;

