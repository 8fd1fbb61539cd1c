"""The words the parser recognises, in the languages of the archive.

Kept in one place so that adding a language or a title is a one-line change.
"""


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def pairs(text: str) -> dict[str, str]:
    """`label = role` lines; a label may have several words."""
    found = {}
    for line in text.strip().splitlines():
        label, _, role = line.partition("=")
        found[label.strip()] = role.strip()
    return found


# Titles and offices that may precede a name in a label (`President of Russia Vladimir Putin`),
# in English, Spanish and Turkish (folded: no accents, no dotless i), and the abbreviations of
# offices that briefings print before a name (`APNSA Jake Sullivan`).
ROLE_WORDS = words(
    """
    acting activist administration administrator admiral adviser advisor aide aides alcalde
    alcaldesa alliance almirante ambassador analyst anchor assistant attorney bakan bakani
    baskan baskani basbakan buyukelci canciller candidate captain cardinal ceo chair chairman
    chairwoman chancellor chief co-founder cofounder colonel columnist comandante comisario
    comisionada comisionado commander commentator commissioner congressman congresswoman
    consejera consejero coordinador coordinadora coordinator coronel correspondent council
    counsellor counselor crown cumhurbaskani defence defense delegate deputy diputada diputado
    director director-general directora doctor doctora economic editor embajador embajadora
    emekli emir envoy eu excellency executive expert first fiscal foreign former founder
    genel general gobernador gobernadora governor head her his house interim jefa jefe
    journalist justice king lady leader lieutenant magistrada magistrado majesty mayor medical member
    milletvekili minister ministra ministro mudur muduru national nato offial offical officer
    official ombudsman physician pope premier presenter president presidenta presidente press
    prime prince princess principal procurador procuradora professor profesor queen rector
    representative secretaria secretario secretary secretary-general security sekreter
    sekreteri senador senadora senator senior sheikh sozcu sozcusu special spokesman
    spokesperson spokeswoman staff subsecretaria subsecretario sultan surgeon the titular
    u.s. un under undersecretary us vali vice vicepresidenta vicepresidente vocera vocero white
    yardimcisi
    apnsa cdc cea dhs dni dnsa dpc epa fema flotus hhs nec nih nsa nsc omb potus scotus
    secdef usaid ustr vp
    """
)

# Words inside the name of an office or a department, never a given name: in
# `Coordinator for Strategic Communications John Kirby` or `Secretary of Energy Jennifer
# Granholm` they belong to the office, not to the person.
OFFICE_WORDS = words(
    """
    advisers advisors affairs agriculture budget climate commerce communication communications
    counterterrorism cyber development domestic education emerging energy engagement
    environment environmental homeland housing human infrastructure intelligence interior
    intergovernmental justice labor labour legislative management operations policy
    protection public response science services strategic technologies technology trade
    transportation treasury urban veterans
    agrario agricultura ambiente bienestar ciudadana comunicacion comunicaciones credito cultura
    defensa desarrollo economia educacion energia exteriores gobernacion hacienda
    infraestructura juridica prevision proteccion publica recursos relaciones salud
    seguridad social trabajo transportes turismo
    adalet disisleri egitim enerji hazine icisleri maliye saglik savunma ticaret
    """
)

# Family and other relations that printed lines put before a name (`Granddaughter Natalie Biden`).
RELATION_WORDS = words(
    """
    aunt brother cousin daughter father granddaughter grandfather grandmother grandson husband
    mother nephew niece sister son uncle wife
    esposa esposo hermana hermano hija hijo madre nieta nieto padre
    """
)

# Numbers that tell unnamed officials apart (`SENIOR ADMINISTRATION OFFICIAL ONE`).
NUMBER_WORDS = words(
    """
    one two three four five six seven eight nine ten 1 2 3 4 5 6 7 8 9 10 #1 #2 #3 #4 #5
    uno dos tres cuatro cinco bir iki uc dort bes
    """
)

# Words that open a sentence, not a name: `I’m Jeff Zients`, `Before Kirby`, `Thank you`.
SENTENCE_WORDS = words(
    """
    aboard about across after again ahead also amid and any anyway as at because before but by
    dear during either even following
    every everybody everyone first for from good great he hello here hey hi how however i if
    in it its just last later let like many maybe meanwhile mister my next no not now of oh
    ok okay on once one or our please since so some she still thank thanks that the then
    there these they this those though thus to today tonight until we well what when where
    whether which while who why with yes yet you your
    ahora antes aqui asi bueno buenas buenos como cuando desde despues donde el ella ellos
    entonces esta este eso gracias hola hoy mi muy nosotros pero porque pues senor senora
    si sin tambien usted ustedes y yo
    bir biz bugun evet hayir simdi siz tesekkur tesekkurler
    """
)

# One title in its languages and genders (folded), for comparing roles across documents.
ROLE_EQUIVALENTS = pairs(
    """
    presidenta = president
    presidente = president
    secretaria = secretary
    secretario = secretary
    subsecretaria = undersecretary
    subsecretario = undersecretary
    gobernadora = governor
    gobernador = governor
    embajadora = ambassador
    embajador = ambassador
    directora = director
    ministra = minister
    ministro = minister
    bakan = minister
    bakani = minister
    senadora = senator
    senador = senator
    diputada = representative
    diputado = representative
    congressman = representative
    congresswoman = representative
    vocera = spokesperson
    vocero = spokesperson
    spokesman = spokesperson
    spokeswoman = spokesperson
    sozcu = spokesperson
    sozcusu = spokesperson
    cumhurbaskani = president
    coordinadora = coordinator
    coordinador = coordinator
    adviser = advisor
    counselor = counsellor
    chairman = chair
    chairwoman = chair
    """
)

# Courtesy titles before a surname (`MS. PSAKI`).
HONORIFICS = words(
    """
    adm amb bay bayan capt cmdr col dame dip doc doctors don dona dr drs frau gen gov herr hon
    ing lady lic lord lt m maj messrs miss mme mmes mr mrs ms mtra mtro mx prof rep rev sayin sec
    sen sgt sir sr sra srta
    """
)

# Lower-case words that may sit inside a name or a title (`President of Russia`, `López de la O`).
CONNECTORS = words(
    """
    al and at bin da das de del den der des di do dos du e el for ibn in la las le los of of. on
    the to van von y
    """
)

# Labels that introduce something other than speech (`Source:`, `Break:`).
NON_SPEAKER = words(
    """
    ad advertisement author autor baglanti baslik break copyright credit credits date dil end
    enlace etiquetas fecha fin fuente fuentes hora idioma kaynak keywords konular lang language
    licence license link location lugar music nota note notes outlet photo photos place
    published publisher quelle related source sources sponsor sponsors subscribe tags tarih
    temas time title titulo topics transcript update url via video yazar yer
    """
)
NON_SPEAKER_PHRASES = frozenset({"editor s note", "editors note", "read more", "see also"})

# Labels that name a part, not a person: folded label = the collective voice it stands for.
GENERIC_LABELS = pairs(
    """
    asistente = audience
    asistentes = audience
    audience = audience
    audience member = audience
    audiencia = audience
    comentario = audience
    comment = audience
    participant = audience
    participante = audience
    publico = audience
    remark = audience
    remarks = audience
    replica = audience
    voces = audience
    voces a coro = audience
    interprete = interpreter
    interpreter = interpreter
    tercuman = interpreter
    tercüman = interpreter
    traductor = interpreter
    translator = interpreter
    host = moderator
    moderador = moderator
    moderadora = moderator
    moderator = moderator
    moderatör = moderator
    presenter = moderator
    announcer = narrator
    anunciador = narrator
    maestro de ceremonias = narrator
    narrador = narrator
    narrator = narrator
    operador = operator
    operadora = operator
    operator = operator
    entrevistador = reporter
    entrevistadora = reporter
    gazeteci = reporter
    interlocutor = reporter
    interlocutora = reporter
    interviewer = reporter
    journalist = reporter
    muhabir = reporter
    periodista = reporter
    pregunta = reporter
    press = reporter
    q = reporter
    question = reporter
    questions = reporter
    reporter = reporter
    reportera = reporter
    reportero = reporter
    reporters = reporter
    soru = reporter
    intervencion = unidentified
    intervencion hombre = unidentified
    intervencion mujer = unidentified
    intrvencion = unidentified
    speaker = unidentified
    unidentified = unidentified
    unidentified speaker = unidentified
    voice = unidentified
    voz = unidentified
    voz de hombre = unidentified
    voz de mujer = unidentified
    voz hombre = unidentified
    voz mujer = unidentified
    """
)

# Words that make a short line an organisation rather than a place.
ORGANISATION_WORDS = words(
    """
    agencia agency ajansi association bakanligi baskanligi broadcasting center centre centro
    communications council daily department dernegi diario enstitusu foundation fundacion
    gazetesi gazette gobierno group herald house institute instituto journal magazine merkez
    merkezi ministerio ministry network news noticias office oficina periodico post presidencia
    radio review revista secretaria studies television times tribune tv universitesi university
    vakfi website weekly
    """
)

# Header keys in front matter or `Key: value` lines (folded) = the field they fill.
HEADER_KEYS = pairs(
    """
    author = author
    autor = author
    credit = author
    yazar = author
    date = date
    fecha = date
    interview date = date
    tarih = date
    entrevistado = interviewee
    interviewee = interviewee
    interviewees = interviewee
    entrevistador = interviewer
    interviewer = interviewer
    interviewers = interviewer
    dil = language
    idioma = language
    lang = language
    language = language
    licence = licence
    licencia = licence
    license = licence
    lisans = licence
    location = location
    lugar = location
    place = location
    yer = location
    date published = published
    publicado = published
    published = published
    republished = published
    yayin tarihi = published
    editorial = publisher
    publisher = publisher
    republished by = publisher
    yayinci = publisher
    fuente = source
    kaynak = source
    medio = source
    originally published in = source
    outlet = source
    publication = source
    source = source
    baslik = title
    headline = title
    title = title
    titulo = title
    etiquetas = topics
    keywords = topics
    konular = topics
    tags = topics
    temas = topics
    topics = topics
    baglanti = url
    canonical = url
    enlace = url
    link = url
    source url = url
    url = url
    """
)

# Language names as headers write them (folded) = ISO 639-1 code.
LANGUAGE_NAMES = pairs(
    """
    deutsch = de
    german = de
    english = en
    ingilizce = en
    ingles = en
    castellano = es
    espanol = es
    spanish = es
    francais = fr
    french = fr
    italian = it
    portuguese = pt
    russian = ru
    turkce = tr
    turkish = tr
    """
)
