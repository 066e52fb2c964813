//! Deterministic French news text: a tiny PRNG, word lists, and the pieces of an article.
//!
//! Nothing here reads the clock or the environment: the same seed gives the same text, on every
//! machine and with every version of Rust, so a benchmark site can be rebuilt byte for byte.

/// SplitMix64: small, fast, and fully specified, so the output never changes under us.
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for one item (a page, a tag…), independent of the order items are made in.
    pub(crate) fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True once in `n` times.
    pub(crate) fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub(crate) fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// Draws ranks with probability proportional to 1 / (rank + 1)^s (a Zipf law).
pub(crate) struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    pub(crate) fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|k| {
                total += 1.0 / ((k + 1) as f64).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    pub(crate) fn draw(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        // 53 random bits make a uniform float in [0, 1) exactly, on every platform.
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
    }
}

const SUBJECTS: &[&str] = &[
    "La coopérative",
    "Le conseil d'administration",
    "L'assemblée des habitants",
    "L'équipe de la fédération",
    "Une vingtaine de coopérateurs",
    "Le groupe projet",
    "La commission travaux",
    "Notre réseau",
    "Chaque membre du collectif",
    "La nouvelle présidente",
    "Le bureau",
    "La jeunesse du quartier",
    "L'association des locataires",
    "La mairie",
    "Un groupe d'architectes",
    "La fondatrice de l'Oasis",
];

const VERBS: &[&str] = &[
    "a présenté",
    "prépare",
    "a voté",
    "organise",
    "accompagne",
    "a rencontré",
    "discute",
    "relance",
    "a inauguré",
    "soutient",
    "étudie",
    "met en place",
    "a défendu",
    "finance",
    "réinvente",
    "a célébré",
];

const OBJECTS: &[&str] = &[
    "le budget prévisionnel",
    "un nouveau programme de formation",
    "la charte de vie commune",
    "les travaux de rénovation énergétique",
    "une visite des jardins partagés",
    "l'assemblée générale annuelle",
    "la salle commune",
    "un habitat participatif de douze logements",
    "le prêt solidaire",
    "la mutualisation des outils",
    "un atelier de gouvernance partagée",
    "la fête des voisins",
    "le plan de financement",
    "une épicerie coopérative",
    "la réponse à l'appel à projets",
    "les statuts de la SCIC",
];

const COMPLEMENTS: &[&str] = &[
    "avec les partenaires locaux",
    "pour l'année à venir",
    "dans le quartier de la Croix-Rousse",
    "malgré un calendrier serré",
    "en lien avec la métropole",
    "depuis le mois de mars",
    "au cœur du projet",
    "sans attendre la fin des travaux",
    "avec l'appui de la banque coopérative",
    "à l'unanimité",
    "devant une salle comble",
    "pour la troisième année consécutive",
    "à Villeurbanne comme à Nantes",
    "grâce aux bénévoles",
];

const QUOTES: &[&str] = &[
    "Nous avons appris à décider ensemble, et c'est ce qui nous rend solides",
    "Le modèle coopératif n'est pas une utopie : il fonctionne tous les jours",
    "On ne construit pas seulement des murs, on construit des liens",
    "Chacun a une voix, quelle que soit sa part",
    "Sans les bénévoles, rien de tout cela n'existerait",
];

pub(crate) const AUTHORS: &[&str] = &[
    "Camille Martin",
    "Léa Bernard",
    "Hugo Dubois",
    "Chloé Thomas",
    "Lucas Robert",
    "Manon Richard",
    "Nathan Petit",
    "Inès Durand",
    "Théo Leroy",
    "Jade Moreau",
    "Louis Simon",
    "Zoé Laurent",
    "Gabriel Lefèvre",
    "Emma Michel",
    "Arthur Garcia",
    "Louise David",
    "Jules Bertrand",
    "Alice Roux",
    "Raphaël Vincent",
    "Lina Fournier",
];

pub(crate) const CATEGORIES: &[&str] = &[
    "Vie coopérative",
    "Formation",
    "Habitat",
    "Événements",
    "Territoires",
    "Portraits",
    "Gouvernance",
    "Finances",
    "Écologie",
    "International",
];

const TOPICS: &[&str] = &[
    "Assemblée générale",
    "Habitat participatif",
    "Jardins partagés",
    "Rénovation énergétique",
    "Gouvernance partagée",
    "Épargne solidaire",
    "Logement abordable",
    "Vie de quartier",
    "Mobilité douce",
    "Circuits courts",
    "Économie sociale",
    "Coopération",
    "Bénévolat",
    "Formation continue",
    "Jeunesse",
    "Solidarité",
    "Urbanisme",
    "Patrimoine",
    "Énergie citoyenne",
    "Alimentation",
    "Culture",
    "Santé",
    "Numérique",
    "Accessibilité",
    "Éducation populaire",
];

const PLACES: &[&str] = &[
    "Lyon",
    "Nantes",
    "Villeurbanne",
    "Grenoble",
    "Rennes",
    "Lille",
    "Bordeaux",
    "Toulouse",
    "Marseille",
    "Strasbourg",
    "Montpellier",
    "Dijon",
    "Besançon",
    "Clermont-Ferrand",
    "Saint-Étienne",
    "Brest",
];

/// `n` distinct tag names: topics, places, then topic–place pairs (`Jardins partagés à Lyon`).
pub(crate) fn tags(n: usize) -> Vec<String> {
    let mut out: Vec<String> = TOPICS
        .iter()
        .chain(PLACES)
        .map(std::string::ToString::to_string)
        .collect();
    'outer: for place in PLACES {
        for topic in TOPICS {
            if out.len() >= n {
                break 'outer;
            }
            out.push(format!("{topic} à {place}"));
        }
    }
    out.truncate(n);
    out
}

/// A headline.
pub(crate) fn title(rng: &mut Rng) -> String {
    let topic = rng.pick(TOPICS);
    let place = rng.pick(PLACES);
    match rng.below(4) {
        0 => format!(
            "{topic} : {} {}",
            lower(rng.pick(SUBJECTS)),
            rng.pick(VERBS)
        ),
        1 => format!(
            "À {place}, {} {}",
            lower(rng.pick(SUBJECTS)),
            rng.pick(VERBS)
        ),
        2 => format!("{topic} à {place} : {}", rng.pick(OBJECTS)),
        _ => format!(
            "{} {} {}",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS)
        ),
    }
}

fn lower(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One sentence, with French punctuation to typeset now and then.
pub(crate) fn sentence(rng: &mut Rng) -> String {
    let core = format!(
        "{} {} {} {}",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(COMPLEMENTS)
    );
    match rng.below(12) {
        0 => format!("{core} ! Une première pour le réseau."),
        1 => format!("{core} : une étape décisive."),
        2 => format!("Pourquoi ? {core}."),
        3 => format!("\"{}\", résume {}.", rng.pick(QUOTES), rng.pick(AUTHORS)),
        4 => format!(
            "{core}, et **{}** {}.",
            rng.pick(OBJECTS),
            rng.pick(COMPLEMENTS)
        ),
        5 => format!("{core} ; *{}* suivra.", rng.pick(OBJECTS)),
        _ => format!("{core}."),
    }
}

/// A paragraph of 2–5 sentences wrapped near 96 columns, as an editor would save it.
pub(crate) fn paragraph(rng: &mut Rng) -> String {
    let n = rng.range(2, 5);
    let text: Vec<String> = (0..n).map(|_| sentence(rng)).collect();
    wrap(&text.join(" "), 96)
}

pub(crate) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line = 0;
    for word in text.split(' ') {
        if line > 0 && line + 1 + word.chars().count() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.chars().count();
    }
    out
}

/// A `##` heading.
pub(crate) fn heading(rng: &mut Rng) -> String {
    let topic = rng.pick(TOPICS);
    match rng.below(3) {
        0 => format!("{topic} et {}", lower(rng.pick(TOPICS))),
        1 => format!("Ce que {} {}", lower(rng.pick(SUBJECTS)), rng.pick(VERBS)),
        _ => format!("{topic}, {}", rng.pick(COMPLEMENTS)),
    }
}

/// A bulleted or numbered list.
pub(crate) fn list(rng: &mut Rng) -> String {
    let ordered = rng.one_in(3);
    (0..rng.range(3, 6))
        .map(|k| {
            let item = format!("{} {}", capital(rng.pick(OBJECTS)), rng.pick(COMPLEMENTS));
            if ordered {
                format!("{}. {item}", k + 1)
            } else {
                format!("- {item}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A small budget table.
pub(crate) fn table(rng: &mut Rng) -> String {
    let mut rows = vec![
        "| Poste | 2023 | 2024 | Évolution |".to_string(),
        "|:------|-----:|-----:|:---------:|".to_string(),
    ];
    for _ in 0..rng.range(3, 6) {
        let a = rng.range(1_000, 90_000);
        let b = rng.range(1_000, 90_000);
        let trend = if b >= a { "hausse" } else { "baisse" };
        rows.push(format!(
            "| {} | {a} € | {b} € | {trend} |",
            capital(rng.pick(OBJECTS))
        ));
    }
    rows.join("\n")
}

/// A fenced code block of one of a few languages syntect knows.
pub(crate) fn code(rng: &mut Rng, which: usize) -> String {
    let (lang, body) = match which % 5 {
        0 => ("yaml", "---\ntitle: Assemblée générale 2025\ndate: 2025-06-12\ntags: [AG, Gouvernance]\nevent:\n  start: 2025-06-12T18:30:00+02:00\n  location: Salle commune\n---"),
        1 => ("sh", "# Construire le site et le publier\nruche build\nrsync -av --delete public/ journal@serveur:/var/www/journal/\necho \"Publié le $(date +%F)\""),
        2 => ("rust", "fn parts(capital: u64, members: u64) -> u64 {\n    // Une personne, une voix : la part ne donne pas plus de pouvoir.\n    capital / members.max(1)\n}\n\nfn main() {\n    println!(\"{}\", parts(120_000, 48));\n}"),
        3 => ("python", "import csv\n\nwith open(\"adherents.csv\") as f:\n    membres = list(csv.DictReader(f))\nprint(len(membres), \"membres à jour de leur cotisation\")"),
        _ => ("json", "{\n  \"cooperative\": \"Les Tilleuls\",\n  \"logements\": 12,\n  \"parts\": [100, 250, 500],\n  \"actif\": true\n}"),
    };
    let _ = rng.next();
    format!("```{lang}\n{body}\n```")
}
