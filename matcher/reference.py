"""Built-in reference data: district centroids, synonym groups, language names.

Everything here is plain data so that ``Matcher()`` works out of the box on a
profile that only names a title or a few skills. Larger tables (every district of
Peru, the programme's full taxonomy) are passed to :class:`matcher.Matcher` as
constructor parameters and merged over these defaults; the matcher never reads a
database itself.
"""

# INEI ubigeo -> (latitude, longitude) of the district capital, in decimal degrees.
# The twelve districts of Quispicanchi (Cusco), the three of Condorcanqui
# (Amazonas) and the regional hubs where many of the jobs are.
DISTRICTS = {
    "081201": (-13.6861, -71.6228),  # Urcos
    "081202": (-13.6725, -71.6772),  # Andahuaylillas
    "081203": (-13.2333, -70.7500),  # Camanti
    "081204": (-13.5953, -71.3997),  # Ccarhuayo
    "081205": (-13.6078, -71.5611),  # Ccatca
    "081206": (-13.9069, -71.5011),  # Cusipata
    "081207": (-13.6917, -71.6414),  # Huaro
    "081208": (-13.6342, -71.7364),  # Lucre
    "081209": (-13.5922, -70.9728),  # Marcapata
    "081210": (-13.6272, -71.3869),  # Ocongate
    "081211": (-13.5939, -71.7639),  # Oropesa
    "081212": (-13.8222, -71.5361),  # Quiquijana
    "010401": (-4.5931, -77.8650),  # Nieva
    "010402": (-4.4650, -78.1650),  # El Cenepa
    "010403": (-4.0300, -77.7600),  # Río Santiago
    "080101": (-13.5170, -71.9785),  # Cusco (hub)
    "010201": (-5.6389, -78.5311),  # Bagua (hub)
    "010701": (-5.7569, -78.4419),  # Bagua Grande (hub)
}

DISTRICT_NAMES = {
    "081201": "Urcos",
    "081202": "Andahuaylillas",
    "081203": "Camanti",
    "081204": "Ccarhuayo",
    "081205": "Ccatca",
    "081206": "Cusipata",
    "081207": "Huaro",
    "081208": "Lucre",
    "081209": "Marcapata",
    "081210": "Ocongate",
    "081211": "Oropesa",
    "081212": "Quiquijana",
    "010401": "Nieva",
    "010402": "El Cenepa",
    "010403": "Río Santiago",
    "080101": "Cusco",
    "010201": "Bagua",
    "010701": "Bagua Grande",
}

# Groups of equivalent Spanish job titles and skills. Matching folds accents, case
# and gendered forms before looking these up, so one form per word is enough
# ("mesero" also covers "Mesera" and "meseras"). The first member of a group is its
# canonical form. A programme taxonomy adds its own groups, which may mix codes and
# labels, e.g. ("SK-COC-001", "cocina peruana").
TITLE_GROUPS = (
    # Job titles seen in the two provinces: tourism, farming, textiles, river transport.
    ("mesero", "mozo", "camarero", "azafato de restaurante"),
    ("cocinero", "chef", "cocinero de restaurante"),
    ("ayudante de cocina", "auxiliar de cocina", "asistente de cocina", "pinche de cocina"),
    (
        "guía de turismo",
        "guía turístico",
        "guía de turistas",
        "guía local",
        "guía oficial de turismo",
    ),
    ("albañil", "maestro de obra", "maestro albañil", "obrero de construcción civil"),
    ("peón agrícola", "jornalero", "jornalero agrícola", "bracero"),
    ("agricultor", "chacarero", "campesino", "productor agrícola", "agropecuario"),
    ("vendedor", "dependiente", "despachador", "vendedor de tienda", "asistente de ventas"),
    ("tejedor", "artesano textil", "textilero", "tejedor a telar"),
    ("artesano", "artesano en cerámica", "ceramista", "alfarero"),
    ("motocarrista", "mototaxista", "conductor de mototaxi"),
    ("piscicultor", "acuicultor", "criador de peces", "productor acuícola"),
    ("cajero", "encargado de caja", "operador de caja"),
    ("recepcionista", "recepcionista de hotel", "anfitrión de recepción"),
    ("camarista", "mucama", "camarero de piso", "personal de housekeeping"),
    ("conductor", "chofer", "chofer de camioneta"),
    ("porteador", "cargador de montaña", "porter"),
    ("arriero", "acemilero"),
    ("alpaquero", "criador de alpacas", "pastor de alpacas"),
    ("ganadero", "criador de ganado", "vaquero"),
    ("carpintero", "ebanista", "maestro carpintero"),
    ("mecánico", "mecánico automotriz", "mecánico de motos"),
    ("panadero", "maestro panadero", "horneador"),
    ("repostero", "pastelero"),
    ("costurero", "confeccionista", "modista", "operario de confección"),
    (
        "personal de limpieza",
        "limpiador",
        "conserje",
        "operario de limpieza",
        "trabajador de limpieza",
    ),
    ("vigilante", "guardián", "agente de seguridad", "guardia de seguridad", "sereno"),
    ("asistente administrativo", "auxiliar administrativo", "auxiliar de oficina"),
    ("profesor", "docente"),
    ("promotor de salud", "agente comunitario de salud"),
    ("técnico agropecuario", "técnico agrícola", "extensionista agrario"),
    (
        "motorista fluvial",
        "motorista de bote",
        "conductor de bote",
        "botero",
        "motorista de peque peque",
    ),
    ("productor de cacao", "cacaotero", "cacaocultor"),
    ("caficultor", "productor de café", "cafetalero"),
    ("apicultor", "productor de miel"),
    (
        "cuidador de niños",
        "niñero",
        "cuidado de niños",
        "cuidado infantil",
        "madre cuidadora",
        "wawa wasi",
        "cuna más",
    ),
    ("vendedor de comida", "venta de comida", "comerciante de comida", "vendedor de comidas"),
    ("repartidor", "delivery", "motorizado de reparto"),
    ("almacenero", "almacenista", "auxiliar de almacén"),
    ("estibador", "cargador"),
    ("barista", "preparador de café"),
)

# Skills; kept apart from titles so that only titles are recognised as occupations.
SKILL_GROUPS = (
    ("atención al cliente", "servicio al cliente", "atención al público", "trato con clientes"),
    ("manejo de caja", "uso de caja registradora", "cobranza en caja", "arqueo de caja"),
    (
        "higiene de alimentos",
        "manipulación de alimentos",
        "buenas prácticas de manipulación",
        "inocuidad alimentaria",
    ),
    ("primeros auxilios", "auxilios básicos"),
    ("ofimática", "computación", "informática básica", "microsoft office", "computación básica"),
    ("hojas de cálculo", "excel"),
    ("inglés", "idioma inglés", "inglés básico"),
    ("quechua", "idioma quechua", "runasimi", "runa simi"),
    ("tejido a telar", "tejido en telar", "textilería", "telar de cintura", "telar de pedal"),
    ("teñido natural", "tintes naturales", "teñido con tintes naturales"),
    ("beneficio de cacao", "fermentación de cacao", "poscosecha de cacao"),
    ("piscicultura", "crianza de peces", "acuicultura", "crianza de paiche", "crianza de tilapia"),
    ("crianza de cuyes", "cuyicultura"),
    ("crianza de animales menores", "animales menores"),
    ("control de plagas", "manejo de plagas", "manejo integrado de plagas"),
    ("ventas", "técnicas de venta", "venta al por menor"),
    ("limpieza", "aseo", "limpieza de ambientes"),
    ("contabilidad básica", "contabilidad", "llevar cuentas"),
    ("trabajo en equipo", "trabajo colaborativo"),
    ("navegación fluvial", "manejo de bote", "conducción de bote"),
    ("carpintería", "ebanistería"),
    ("albañilería", "construcción civil", "obras de construcción"),
    ("pastelería", "repostería"),
    ("panadería", "panificación"),
    ("guiado turístico", "guiado de turistas", "interpretación turística"),
    ("limpieza de habitaciones", "housekeeping", "tendido de camas"),
    ("licencia de conducir", "brevete"),
    ("manejo de redes sociales", "redes sociales", "community manager"),
)

SYNONYM_GROUPS = TITLE_GROUPS + SKILL_GROUPS

# Everyday Spanish for work that is not said with a job title, as regular
# expressions over the normalised text (lower case, no accents), each with the
# title group it means. Tried in order when no title of TITLE_GROUPS appears in
# the text: "cociné para la faena comunal" is cooking, "cuidé a mis hermanos" is
# looking after children.
LOCAL_WORDS = (
    (r"\bcuid\w*\b.*\b(herman|nin|wawa|bebe|hij|guagua|criatura)", "cuidador de niños"),
    (
        r"\b(vend\w*|venta)\b.*\b(comida|menu|desayuno|almuerzo|emoliente|anticucho)",
        "vendedor de comida",
    ),
    (r"\bcocin", "cocinero"),
    # Before the farm words: "papa" is a potato there, and also "dad" without accents.
    (r"\b(bote|peque peque|chalupa|canoa)\b", "motorista fluvial"),
    (r"\b(chacra|sembr\w*|siembra|cosech\w*|cultiv\w*|papa|maiz|yuca|platano)\b", "agricultor"),
    (r"\b(alpaca|llama|oveja|pastore\w*|pasteo)", "alpaquero"),
    (r"\b(teji\w*|tejo|tejer|telar|hilado|hile)\b", "tejedor"),
    (r"\b(turista|guie|guiar|guiaba)", "guía de turismo"),
    (r"\b(pesca\w*|peces|piscigranja|paiche|tilapia)", "piscicultor"),
    (r"\bcacao", "productor de cacao"),
    (r"\b(ganado|vaca|toro)", "ganadero"),
    (r"\b(limpi\w*|lave|lavar|barr\w*)\b", "personal de limpieza"),
    (r"\b(construc\w*|obra|ladrillo|adobe)\b", "albañil"),
    (r"\b(vend\w*|venta|tienda|bodega)\b", "vendedor"),
    (r"\b(atend\w* (mesa|comensal)|servi\w* (mesa|plato))", "mesero"),
    (r"\b(carg\w* (bulto|maleta|equipaje))", "porteador"),
)

# How each kind of experience is named in a sentence ("Trabajó 2 años como
# cocinera en faenas comunales"), in Spanish and English. Family work on the
# farm gets its own words: it is by far the most common.
KIND_PHRASES = {
    "formal": ("con contrato", "with a contract"),
    "informal": ("sin contrato", "informally"),
    "self_employed": ("por su cuenta", "self-employed"),
    "family": ("para su familia", "for the family"),
    "community": ("en faenas comunales", "in community work"),
}
# The same phrases said to the person herself (tú): "por tu cuenta", "for your family".
KIND_PHRASES_YOU = {
    **KIND_PHRASES,
    "self_employed": ("por tu cuenta", "self-employed"),
    "family": ("para tu familia", "for your family"),
}
FAMILY_FARM_PHRASE = ("en la chacra familiar", "on the family farm")
FARM_TITLES = frozenset(
    {"agricultor", "peón agrícola", "alpaquero", "ganadero", "productor de cacao", "caficultor"}
)

# ISO 639-3 codes the programme uses, with the Spanish name shown in explanations.
LANGUAGE_NAMES = {
    "spa": "castellano",
    "que": "quechua",
    "agr": "awajún",
    "hub": "wampis",
    "aym": "aimara",
    "eng": "inglés",
}

LANGUAGE_NAMES_EN = {
    "spa": "Spanish",
    "que": "Quechua",
    "agr": "Awajún",
    "hub": "Wampis",
    "aym": "Aymara",
    "eng": "English",
}

# Spellings people and older forms use for the same languages. Cusco-Collao
# Quechua (quz) satisfies a vacancy asking for Quechua (que): the programme's
# employers ask for "quechua" without naming a variety.
LANGUAGE_ALIASES = {
    "es": "spa",
    "esp": "spa",
    "español": "spa",
    "espanol": "spa",
    "castellano": "spa",
    "qu": "que",
    "quz": "que",
    "quechua": "que",
    "awajun": "agr",
    "awajún": "agr",
    "aguaruna": "agr",
    "wampis": "hub",
    "huambisa": "hub",
    "ay": "aym",
    "aimara": "aym",
    "aymara": "aym",
    "en": "eng",
    "inglés": "eng",
    "ingles": "eng",
}

# Spanish function words dropped from free text before TF-IDF: they carry no
# meaning for matching and appear in every document, which would make the text
# product dense and slow.
STOPWORDS = frozenset(
    """
    a al algo algun alguna algunas alguno algunos ante antes asi aun bien cada como con contra
    cual cuando de del desde donde dos e el ella ellas ello ellos en entre era es esa esas ese
    eso esos esta estaba estan estar estas este esto estos fue fueron ha habia han hasta hay he
    la las le les lo los mas me mi mis mucho muy nada ni no nos nuestra nuestro o otra otras
    otro otros para pero poco por porque que quien se sea ser si sido sin sobre son soy su sus
    tambien tan tanto te tengo tiene tienen toda todas todo todos tu tus u un una unas uno unos
    ya yo
    """.split()
)

MONTH_NAMES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
