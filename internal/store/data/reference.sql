-- Reference data from the project's fact sheet: loaded once, into an empty
-- database (store.LoadReference records it in seed_log and never loads it
-- again, so what staff change stays changed). Later changes to reference
-- data ship as migrations. Descriptions, objectives and indicators are
-- demonstration data, marked demo.

INSERT INTO regions (id, slug, name_ar, name_fr, tile_col, tile_row) VALUES
 (1,  'tanger-tetouan-al-hoceima', 'جهة طنجة تطوان الحسيمة', 'Tanger-Tétouan-Al Hoceïma', 2, 0),
 (2,  'oriental',                  'جهة الشرق',              'L''Oriental',              3, 0),
 (3,  'fes-meknes',                'جهة فاس مكناس',          'Fès-Meknès',               2, 1),
 (4,  'rabat-sale-kenitra',        'جهة الرباط سلا القنيطرة', 'Rabat-Salé-Kénitra',       1, 1),
 (5,  'beni-mellal-khenifra',      'جهة بني ملال خنيفرة',    'Béni Mellal-Khénifra',     2, 2),
 (6,  'casablanca-settat',         'جهة الدار البيضاء سطات', 'Casablanca-Settat',        1, 2),
 (7,  'marrakech-safi',            'جهة مراكش آسفي',         'Marrakech-Safi',           1, 3),
 (8,  'draa-tafilalet',            'جهة درعة تافيلالت',      'Drâa-Tafilalet',           3, 2),
 (9,  'souss-massa',               'جهة سوس ماسة',           'Souss-Massa',              2, 3),
 (10, 'guelmim-oued-noun',         'جهة كلميم واد نون',      'Guelmim-Oued Noun',        1, 4),
 (11, 'laayoune-sakia-el-hamra',   'جهة العيون الساقية الحمراء', 'Laâyoune-Sakia El Hamra', 0, 5),
 (12, 'dakhla-oued-ed-dahab',      'جهة الداخلة وادي الذهب', 'Dakhla-Oued Ed-Dahab',     0, 6)
ON CONFLICT (id) DO NOTHING;

INSERT INTO provinces (region_id, slug, kind, name_ar, name_fr) VALUES
 (2, 'oujda-angad', 'prefecture', 'عمالة وجدة أنجاد', 'Préfecture d''Oujda-Angad'),
 (2, 'berkane',     'province',   'إقليم بركان',      'Province de Berkane'),
 (2, 'driouch',     'province',   'إقليم الدريوش',    'Province de Driouch'),
 (2, 'figuig',      'province',   'إقليم فجيج',       'Province de Figuig'),
 (2, 'guercif',     'province',   'إقليم جرسيف',      'Province de Guercif'),
 (2, 'jerada',      'province',   'إقليم جرادة',      'Province de Jerada'),
 (2, 'nador',       'province',   'إقليم الناظور',    'Province de Nador'),
 (2, 'taourirt',    'province',   'إقليم تاوريرت',    'Province de Taourirt')
ON CONFLICT (slug) DO NOTHING;

INSERT INTO institutions (slug, name_ar, name_fr, short_name, social_pole, region_id) VALUES
 ('msisf', 'وزارة التضامن والإدماج الاجتماعي والأسرة', 'Ministère de la Solidarité, de l''Insertion sociale et de la Famille', 'MSISF', true, NULL),
 ('ads',   'وكالة التنمية الاجتماعية', 'Agence de Développement Social', 'ADS', true, NULL),
 ('en',    'التعاون الوطني', 'Entraide Nationale', 'EN', true, NULL),
 ('inas',  'المعهد الوطني للعمل الاجتماعي', 'Institut National de l''Action Sociale', 'INAS', true, NULL),
 ('wilaya-oriental', 'ولاية جهة الشرق', 'Wilaya de la Région de l''Oriental', '', false, 2),
 ('conseil-region-oriental', 'مجلس جهة الشرق', 'Conseil de la Région de l''Oriental', '', false, 2),
 ('anapec', 'الوكالة الوطنية لإنعاش التشغيل والكفاءات', 'Agence Nationale de Promotion de l''Emploi et des Compétences', 'ANAPEC', false, NULL)
ON CONFLICT (slug) DO NOTHING;

INSERT INTO strategies (slug, title_ar, title_fr, summary_ar, summary_fr, first_year, last_year) VALUES
 ('social-pole-2021-2026',
  'استراتيجية القطب الاجتماعي 2021-2026',
  'Stratégie 2021-2026 du pôle social',
  'استراتيجية وزارة التضامن والإدماج الاجتماعي والأسرة والمؤسسات التابعة لها للفترة 2021-2026، في إطار تدعيم ركائز الدولة الاجتماعية، وفقا للتوجيهات الملكية السامية، وتبعا لأهداف البرنامج الحكومي وتوصيات النموذج التنموي الجديد.',
  'La stratégie 2021-2026 du Ministère de la Solidarité, de l''Insertion sociale et de la Famille et des institutions qui en relèvent, pour renforcer les piliers de l''État social, conformément aux Hautes Orientations Royales, au programme gouvernemental et aux recommandations du Nouveau Modèle de Développement.',
  2021, 2026)
ON CONFLICT (slug) DO NOTHING;

INSERT INTO axes (strategy_id, slug, position, name_ar, name_fr, description_ar, description_fr, objectives_ar, objectives_fr, demo)
SELECT s.id, a.slug, a.position, a.name_ar, a.name_fr, a.description_ar, a.description_fr, a.objectives_ar, a.objectives_fr, true
FROM strategies s, (VALUES
 ('convergence', 1, 'الإلتقائية', 'Convergence',
  'تنسيق تدخلات مؤسسات القطب الاجتماعي والفاعلين الترابيين حول برامج مشتركة، ومنها مفهوم "جسر" لتوحيد عمل وكالة التنمية الاجتماعية والتعاون الوطني والمعهد الوطني للعمل الاجتماعي.',
  'Coordonner les interventions des institutions du pôle social et des acteurs territoriaux autour de programmes communs, dont le concept « Jisr » qui unifie l''action de l''ADS, de l''Entraide Nationale et de l''INAS.',
  'توحيد نقط الاستقبال؛ برمجة مشتركة على المستوى الجهوي.', 'Guichets d''accueil unifiés ; programmation commune au niveau régional.'),
 ('digitalisation', 2, 'الرقمنة', 'Digitalisation',
  'رقمنة تدبير الشأن الاجتماعي والخدمات المقدمة للمواطنين، على غرار تجربة إقليم بركان.',
  'Numériser la gestion des affaires sociales et les services rendus aux citoyens, à l''exemple de la province de Berkane.',
  'خدمات اجتماعية رقمية؛ نظام معلومات مشترك.', 'Services sociaux numériques ; système d''information partagé.'),
 ('sustainable-development', 3, 'التنمية المستدامة', 'Développement durable',
  'إدماج الاستدامة في البرامج الاجتماعية ومشاريع الإدماج الاقتصادي.',
  'Intégrer la durabilité dans les programmes sociaux et les projets d''insertion économique.',
  'مشاريع مدرة للدخل مستدامة.', 'Projets générateurs de revenus durables.'),
 ('partnerships', 4, 'تعزيز الشراكات', 'Renforcement des partenariats',
  'تعزيز الشراكة مع الجماعات الترابية والمجتمع المدني والقطاع الخاص.',
  'Renforcer le partenariat avec les collectivités territoriales, la société civile et le secteur privé.',
  'اتفاقيات شراكة جهوية؛ تتبع تنفيذها.', 'Conventions de partenariat régionales ; suivi de leur exécution.'),
 ('innovation', 5, 'تحفيز الابتكار', 'Encouragement de l''innovation',
  'تشجيع الحلول المبتكرة في العمل الاجتماعي.',
  'Encourager les solutions innovantes dans l''action sociale.',
  'تجارب نموذجية قابلة للتعميم.', 'Expériences pilotes généralisables.'),
 ('proximity-services', 6, 'جيل جديد من الخدمات الاجتماعية وتقريبها من المواطنين', 'Nouvelle génération de services sociaux de proximité',
  'بلورة جيل جديد من الخدمات الاجتماعية، ومنها الإسعاف الاجتماعي المتنقل، وتقريبها من المواطنين.',
  'Concevoir une nouvelle génération de services sociaux, dont l''assistance sociale d''urgence mobile, au plus près des citoyens.',
  'وحدات متنقلة للإسعاف الاجتماعي في كل جهة.', 'Unités mobiles d''assistance sociale d''urgence dans chaque région.'),
 ('territorial-equity', 7, 'المساواة والعدالة المجالية', 'Égalité et équité territoriale',
  'تحقيق المساواة والعدالة المجالية في الولوج إلى الخدمات الاجتماعية، ومنها التمكين الاقتصادي للنساء.',
  'Garantir l''égalité et l''équité territoriale dans l''accès aux services sociaux, dont l''autonomisation économique des femmes.',
  'تقليص الفوارق بين الجهات والأقاليم.', 'Réduire les écarts entre régions et provinces.')
) AS a(slug, position, name_ar, name_fr, description_ar, description_fr, objectives_ar, objectives_fr)
WHERE s.slug = 'social-pole-2021-2026'
ON CONFLICT (slug) DO NOTHING;

INSERT INTO fields (slug, position, name_ar, name_fr) VALUES
 ('social-emergency', 1, 'الإسعاف الاجتماعي', 'Assistance sociale d''urgence'),
 ('childhood',        2, 'الطفولة', 'Enfance'),
 ('elderly',          3, 'الأشخاص المسنون', 'Personnes âgées'),
 ('family',           4, 'الأسرة', 'Famille'),
 ('women-empowerment', 5, 'التمكين الاقتصادي للنساء', 'Autonomisation économique des femmes')
ON CONFLICT (slug) DO NOTHING;

-- Demonstration indicators, one per axis.
INSERT INTO indicators (axis_id, slug, position, name_ar, name_fr, unit_ar, unit_fr, unit_key, baseline, baseline_year, latest, latest_year, demo)
SELECT ax.id, i.slug, 1, i.name_ar, i.name_fr, i.unit_ar, i.unit_fr, i.unit_key, i.baseline, 2021, i.latest, 2025, true
FROM axes ax JOIN (VALUES
 ('convergence',             'jisr-points',        'نقط الاستقبال الموحدة "جسر"', 'Guichets unifiés « Jisr »', 'نقطة', 'guichets', 'desks', 0, 38),
 ('digitalisation',          'digital-services',   'الخدمات الاجتماعية الرقمية', 'Services sociaux numérisés', 'خدمة', 'services', 'services', 4, 21),
 ('sustainable-development', 'income-projects',    'المشاريع المدرة للدخل المدعمة', 'Projets générateurs de revenus soutenus', 'مشروع', 'projets', 'projects', 1200, 3100),
 ('partnerships',            'regional-agreements', 'اتفاقيات الشراكة الجهوية الموقعة', 'Conventions régionales signées', 'اتفاقية', 'conventions', 'agreements', 10, 46),
 ('innovation',              'pilot-projects',     'التجارب النموذجية', 'Expériences pilotes', 'تجربة', 'expériences', 'pilots', 2, 9),
 ('proximity-services',      'mobile-units',       'وحدات الإسعاف الاجتماعي المتنقل', 'Unités mobiles d''assistance sociale', 'وحدة', 'unités', 'mobile_units', 12, 58),
 ('territorial-equity',      'women-beneficiaries', 'النساء المستفيدات من التمكين الاقتصادي', 'Femmes bénéficiaires de l''autonomisation économique', 'امرأة', 'femmes', 'women', 5000, 17400)
) AS i(axis_slug, slug, name_ar, name_fr, unit_ar, unit_fr, unit_key, baseline, latest) ON ax.slug = i.axis_slug
ON CONFLICT (slug) DO NOTHING;

-- Demonstration targets: an even rise from the baseline, reaching by 2026
-- a quarter more than the gain measured so far.
INSERT INTO indicator_targets (indicator_id, year, target)
SELECT i.id, y, round(i.baseline + (coalesce(i.latest, i.baseline) - i.baseline) * 1.25 * (y - 2020) / 6.0)
FROM indicators i, generate_series(2021, 2026) AS y
WHERE i.demo
ON CONFLICT (indicator_id, year) DO NOTHING;
