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
