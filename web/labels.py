"""Every word the pages show for a code: one table per audience, one home for each.

The database keeps codes (``hired``, ``que``, bit 4); people read plain Spanish.
Templates see these tables as Jinja globals (``register``); forms build their
choices from them; services that write a sentence for a person import them from
here. Where two audiences need different words for the same code (an employer's
"Contratado" and a young person's "¡Te contrataron!"), each table says whose it is.
"""

from __future__ import annotations

from flask import Flask, has_request_context
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from models import (
    AuditAction,
    ContractType,
    EducationLevel,
    EmployerStatus,
    ExperienceKind,
    Language,
    LanguageLevel,
    NoteAudience,
    NotificationChannel,
    NotificationStatus,
    PayPeriod,
    RefusalReason,
    Role,
    Sector,
    Sex,
    Stage,
    VacancyStatus,
)
from models.base import DAY_PART_BITS

# --- words for whoever reads them -----------------------------------------------------------

def staff_reads() -> bool:
    """Whether staff read the page: a counselor (or an admin) filling a youth's profile steps
    on her behalf, who is spoken to as usted about her, not as tú."""
    if not has_request_context():
        return False
    return bool(current_user and current_user.is_authenticated
                and current_user.role in (Role.COUNSELOR, Role.ADMIN))


def said(tu, usted) -> LazyString:
    """One text of the youth's profile steps in two wordings: ``tu`` for the youth herself,
    ``usted`` (about her, in the third person) for staff acting on her behalf. Chosen when
    the text is read, so the same step table, forms and messages serve both."""
    return LazyString(lambda: str(usted if staff_reads() else tu))


# --- shared by every audience ---------------------------------------------------------------

# Plain words for the person; the codes stay in the database.
# The language a person chose for the pages (a locale code, not a spoken language of the profile).
INTERFACE_LANGUAGE_LABELS = {"es": _l("Castellano"), "en": _l("Inglés")}
LANGUAGE_LABELS = {
    Language.SPANISH: _l("Castellano"), Language.QUECHUA: _l("Quechua"),
    Language.AWAJUN: _l("Awajún"), Language.WAMPIS: _l("Wampis"),
    Language.ENGLISH: _l("Inglés"), Language.OTHER: _l("Otra lengua"),
}

MONTH_LABELS = {
    1: _l("enero"), 2: _l("febrero"), 3: _l("marzo"), 4: _l("abril"), 5: _l("mayo"),
    6: _l("junio"), 7: _l("julio"), 8: _l("agosto"), 9: _l("septiembre"), 10: _l("octubre"),
    11: _l("noviembre"), 12: _l("diciembre"),
}

# Keyed by the bit stored in ``day_parts`` (1 morning, 2 afternoon, 4 night); lower case
# because they are also read inside sentences ("mañana, noche").
DAY_PART_LABELS = {
    DAY_PART_BITS["manana"]: _l("mañana"),
    DAY_PART_BITS["tarde"]: _l("tarde"),
    DAY_PART_BITS["noche"]: _l("noche"),
}

SECTOR_LABELS = {
    Sector.AGRO: _l("Agricultura y ganadería"), Sector.CACAO_CAFE: _l("Cacao y café"),
    Sector.FISH_FARMING: _l("Piscicultura"), Sector.TOURISM: _l("Turismo y hospedaje"),
    Sector.FOOD: _l("Restaurantes y alimentos"), Sector.CRAFTS: _l("Artesanía y textiles"),
    Sector.CONSTRUCTION: _l("Construcción"), Sector.TRANSPORT: _l("Transporte"),
    Sector.RETAIL: _l("Comercio y tiendas"), Sector.CARE: _l("Cuidado de personas"),
    Sector.HEALTH: _l("Salud"), Sector.COMPUTING: _l("Cómputo e impresiones"),
    Sector.BOOKKEEPING: _l("Contabilidad"), Sector.SERVICES: _l("Servicios"),
    Sector.EDUCATION: _l("Educación"), Sector.PUBLIC: _l("Municipalidad o entidad pública"),
}

REASON_LABELS = {
    RefusalReason.NO_SHOW: _l("No se presentó o no respondió"),
    RefusalReason.OTHER_CANDIDATE: _l("Elegimos a otra persona"),
    RefusalReason.PAY: _l("No se pusieron de acuerdo en el pago"),
    RefusalReason.DISTANCE: _l("Vive muy lejos o no puede llegar"),
    RefusalReason.DOCUMENTS: _l("Le faltan documentos (DNI, carné de salud…)"),
    RefusalReason.WITHDREW: _l("La persona ya no está interesada"),
    RefusalReason.SKILLS: _l("Le falta experiencia o habilidades para este puesto"),
    RefusalReason.OTHER: _l("Otro motivo"),
}

# --- the young person's words (tú) -----------------------------------------------------------

LEVEL_LABELS = {
    LanguageLevel.BASIC: said(_l("Básico: entiendo y digo frases sencillas"),
                              _l("Básico: entiende y dice frases sencillas")),
    LanguageLevel.INTERMEDIATE: said(_l("Intermedio: converso sin problema"),
                                     _l("Intermedio: conversa sin problema")),
    LanguageLevel.ADVANCED: said(_l("Avanzado: hablo, leo y escribo bien"),
                                 _l("Avanzado: habla, lee y escribe bien")),
    LanguageLevel.NATIVE: said(_l("Es mi lengua materna"), _l("Es su lengua materna")),
}

LEVEL_SHORT = {
    LanguageLevel.BASIC: _l("básico"), LanguageLevel.INTERMEDIATE: _l("intermedio"),
    LanguageLevel.ADVANCED: _l("avanzado"), LanguageLevel.NATIVE: _l("lengua materna"),
}

EDUCATION_LABELS = {
    EducationLevel.NONE: said(_l("No fui a la escuela"), _l("No fue a la escuela")),
    EducationLevel.PRIMARY_INCOMPLETE: _l("Primaria sin terminar"),
    EducationLevel.PRIMARY: _l("Primaria completa"),
    EducationLevel.SECONDARY_INCOMPLETE: _l("Secundaria sin terminar"),
    EducationLevel.SECONDARY: _l("Secundaria completa"),
    EducationLevel.TECHNICAL: _l("Estudios técnicos (instituto o CETPRO)"),
    EducationLevel.UNIVERSITY: _l("Universidad"),
}

KIND_LABELS = {
    ExperienceKind.FORMAL: _l("Empleo con contrato"),
    ExperienceKind.INFORMAL: _l("Trabajo sin contrato"),
    ExperienceKind.SELF_EMPLOYED: said(_l("Por mi cuenta o mi propio negocio"),
                                       _l("Por su cuenta o su propio negocio")),
    ExperienceKind.FAMILY_UNPAID: said(_l("Ayudando a mi familia"), _l("Ayudando a su familia")),
    ExperienceKind.COMMUNITY: said(_l("Para mi comunidad"), _l("Para su comunidad")),
}

KIND_HINTS = {
    ExperienceKind.FORMAL: _l("en planilla, con contrato o recibo por honorarios"),
    ExperienceKind.INFORMAL: _l("atender un puesto en el mercado, ayudar en un restaurante"),
    ExperienceKind.SELF_EMPLOYED: _l("vender tejidos o comida, guiar turistas, hacer mototaxi"),
    ExperienceKind.FAMILY_UNPAID: _l("la chacra, los animales o la tienda de la familia"),
    ExperienceKind.COMMUNITY: _l("faenas, cocinar en la faena comunal, cargos en la comunidad"),
}

SEX_LABELS = {Sex.FEMALE: _l("Mujer"), Sex.MALE: _l("Hombre"), Sex.OTHER: _l("Otro")}

YOUTH_STAGE_LABELS = {
    Stage.PROPOSED: _l("Propuesta por el CDE"),
    Stage.RECEIVED: _l("Recibida"),
    Stage.CONTACTED: _l("Te contactarán"),
    Stage.INTERVIEW: _l("Entrevista"),
    Stage.HIRED: _l("¡Te contrataron!"),
    Stage.NOT_HIRED: _l("No avanzó"),
    Stage.WITHDRAWN: _l("Retirada"),
}

# What each stage means for the person. "Not hired" never shows the reason code: the
# employer's reason is for the CDE, and the young person gets encouragement instead.
STAGE_MEANING = {
    Stage.PROPOSED: _l("El CDE te propuso a la empresa. Te avisaremos cuando respondan."),
    Stage.RECEIVED: _l("La empresa recibió tu postulación. Pronto la revisará."),
    Stage.CONTACTED: _l("La empresa te contactó o te contactará pronto. Ten tu celular a mano."),
    Stage.INTERVIEW: _l("Te invitaron a una entrevista. ¡Prepárate! El CDE puede ayudarte."),
    Stage.HIRED: _l("¡Felicitaciones! El CDE te llamará para saber cómo te va."),
    Stage.NOT_HIRED: _l("Esta vez eligieron a otra persona. No te desanimes: tu experiencia "
                        "vale y hay más ofertas para ti."),
    Stage.WITHDRAWN: _l("Retiraste esta postulación."),
}

# After a refusal, the employer's true reason told kindly (never the code, never blame).
REFUSAL_KIND_WORDS = {
    RefusalReason.OTHER_CANDIDATE: _l("Esta vez eligieron a otra persona. No te desanimes: tu "
                                      "experiencia vale y hay más ofertas para ti."),
    RefusalReason.SKILLS: _l("Esta vez buscaban a alguien con más práctica en lo que pide el "
                             "puesto. Los cursos gratuitos del CDE pueden ayudarte a ganarla."),
    RefusalReason.PAY: _l("Esta vez no llegaron a un acuerdo sobre el pago. Hay más ofertas "
                          "para ti."),
    RefusalReason.DISTANCE: _l("Esta vez el trabajo quedaba muy lejos de donde vives. Mira las "
                               "ofertas más cercanas."),
    RefusalReason.DOCUMENTS: _l("Faltaban documentos que pide el puesto (DNI, carné de "
                                "salud…). El CDE puede orientarte para tramitarlos."),
    RefusalReason.NO_SHOW: _l("La empresa no logró comunicarse contigo a tiempo. Ten tu "
                              "celular a mano: hay más ofertas para ti."),
    RefusalReason.WITHDREW: _l("La empresa entendió que ya no te interesaba este trabajo. Si "
                               "no es así, habla con el CDE."),
    RefusalReason.OTHER: _l("Esta vez la empresa no continuará con tu postulación. No te "
                            "desanimes: hay más ofertas para ti."),
}


def youth_stage_meaning(application) -> str:
    """What the stage of her application means for the person; after a refusal, the reason."""
    if application.stage == Stage.NOT_HIRED and application.refusal_reason in REFUSAL_KIND_WORDS:
        return str(REFUSAL_KIND_WORDS[application.refusal_reason])
    return str(STAGE_MEANING[application.stage])


# Each step of the profile builder, by its slug in the address.
STEP_LABELS = {
    "distrito": said(_l("Dónde vives"), _l("Dónde vive")),
    "datos": _l("Fecha de nacimiento"),
    "idiomas": _l("Idiomas"), "estudios": _l("Estudios"), "experiencia": _l("Experiencia"),
    "habilidades": said(_l("Lo que sabes hacer"), _l("Lo que sabe hacer")),
    "capacitaciones": _l("Cursos del CDE"),
    "ocupaciones": said(_l("Trabajos que buscas"), _l("Trabajos que busca")),
    "disponibilidad": said(_l("Cuándo puedes trabajar"), _l("Cuándo puede trabajar")),
    "traslado": said(_l("Hasta dónde puedes viajar"), _l("Hasta dónde puede viajar")),
    "emprendimiento": said(_l("Tu propio negocio"), _l("Su propio negocio")),
    "documentos": said(_l("Tus documentos"), _l("Sus documentos")),
    "sobre-mi": said(_l("Sobre mí"), _l("Sobre la persona")),
}


# --- the employer's and the counselor's words (usted) -----------------------------------------

# A case's stage as employers and counselors read it. Where the person's sex is known the
# words agree with her or him ("Contratada"); otherwise they need no agreement.
EMPLOYER_STAGE_LABELS = {
    Stage.PROPOSED: _l("Propuesta del CDE"),
    Stage.RECEIVED: _l("Postuló"),
    Stage.CONTACTED: _l("Contacto hecho"),
    Stage.INTERVIEW: _l("Entrevista"),
    Stage.HIRED: _l("Contratación"),
    Stage.NOT_HIRED: _l("Sin contratación"),
    Stage.WITHDRAWN: _l("Se retiró"),
}
STAGE_LABELS_BY_SEX = {
    Sex.FEMALE: {
        Stage.PROPOSED: _l("Propuesta por el CDE"), Stage.CONTACTED: _l("Contactada"),
        Stage.HIRED: _l("Contratada"), Stage.NOT_HIRED: _l("No contratada"),
    },
    Sex.MALE: {
        Stage.PROPOSED: _l("Propuesto por el CDE"), Stage.CONTACTED: _l("Contactado"),
        Stage.HIRED: _l("Contratado"), Stage.NOT_HIRED: _l("No contratado"),
    },
}

# What the employer just did, said back after the button (usted; no agreement needed).
STAGE_DONE = {
    Stage.CONTACTED: _l("Listo: anotamos que contactó a %(name)s."),
    Stage.INTERVIEW: _l("Listo: invitó a %(name)s a una entrevista."),
    Stage.HIRED: _l("Listo: contrató a %(name)s."),
    Stage.NOT_HIRED: _l("Listo: no continuará con %(name)s."),
    Stage.WITHDRAWN: _l("Listo: anotamos que %(name)s se retiró."),
}

# What the employer's button says for each stage it can move a case to.
STAGE_ACTIONS = {
    Stage.CONTACTED: _l("Ya me comuniqué"),
    Stage.INTERVIEW: _l("Invitar a entrevista"),
    Stage.HIRED: _l("Contratar"),
    Stage.NOT_HIRED: _l("No continuar"),
    Stage.WITHDRAWN: _l("Se retiró"),
}

STATUS_LABELS = {
    VacancyStatus.DRAFT: _l("Borrador"),
    VacancyStatus.OPEN: _l("Publicada"),
    VacancyStatus.CLOSED: _l("Cerrada"),
    VacancyStatus.FILLED: _l("Cubierta"),
}

PAY_PERIOD_LABELS = {
    PayPeriod.MONTH: _l("al mes"),
    PayPeriod.DAY: _l("al día"),
    PayPeriod.HOUR: _l("por hora"),
}

CONTRACT_LABELS = {
    ContractType.PAYROLL: _l("En planilla (con beneficios)"),
    ContractType.FEES: _l("Recibo por honorarios"),
    ContractType.TEMPORARY: _l("Temporal o de temporada"),
    ContractType.INTERNSHIP: _l("Prácticas"),
    ContractType.PER_DAY: _l("Jornal (pago por día)"),
}

# What a vacancy asks for, so the lowest level reads "no requirement".
REQUIRED_EDUCATION_LABELS = {
    EducationLevel.NONE: _l("Sin requisito"),
    EducationLevel.PRIMARY_INCOMPLETE: _l("Primaria incompleta"),
    EducationLevel.PRIMARY: _l("Primaria completa"),
    EducationLevel.SECONDARY_INCOMPLETE: _l("Secundaria incompleta"),
    EducationLevel.SECONDARY: _l("Secundaria completa"),
    EducationLevel.TECHNICAL: _l("Estudios técnicos"),
    EducationLevel.UNIVERSITY: _l("Estudios universitarios"),
}

EMPLOYER_STATUS_LABELS = {
    EmployerStatus.PENDING: _l("pendiente de verificar"),
    EmployerStatus.VERIFIED: _l("verificada"),
    EmployerStatus.REJECTED: _l("rechazada"),
}

# Groups of people in the programme's figures.
SEX_GROUP_LABELS = {Sex.FEMALE: _l("Mujeres"), Sex.MALE: _l("Hombres"), Sex.OTHER: _l("Otro")}


# --- on the CV, read by employers ----------------------------------------------------------

# Every kind of work, said the way an employer should read it: all of it is experience.
KIND_ON_CV = {
    ExperienceKind.FORMAL: _l("Empleo formal"),
    ExperienceKind.INFORMAL: _l("Trabajo"),
    ExperienceKind.SELF_EMPLOYED: _l("Trabajo independiente"),
    ExperienceKind.FAMILY_UNPAID: _l("Trabajo en el negocio o la chacra familiar"),
    ExperienceKind.COMMUNITY: _l("Trabajo comunitario"),
}


# --- messages to young people, read by counselors ------------------------------------------

# The state of one message we sent, named by what happened to it, not by the queue's code.
MESSAGE_STATUS_LABELS = {
    NotificationStatus.QUEUED: _l("en espera"),
    NotificationStatus.SENDING: _l("enviándose"),
    NotificationStatus.SENT: _l("enviado"),
    NotificationStatus.DELIVERED: _l("entregado"),
    NotificationStatus.FAILED: _l("no enviado"),
}
MESSAGE_CHANNEL_LABELS = {
    NotificationChannel.SMS: _l("SMS"),
    NotificationChannel.WHATSAPP: _l("WhatsApp"),
    NotificationChannel.IN_APP: _l("en Chamba"),
    NotificationChannel.EMAIL: _l("correo"),
}
# What a reply from a young person led to.
MESSAGE_OUTCOME_LABELS = {
    "answer": _l("respuesta registrada"),
    "applied": _l("postuló"),
    "apply_failed": _l("no se pudo postular"),
    "answer_apply": _l("respuesta registrada"),
    "opt_out": _l("pidió no recibir mensajes"),
    "help": _l("pidió ayuda"),
    "unknown": _l("número no inscrito"),
    "ambiguous": _l("se pidió el código"),
    "not_understood": _l("no se entendió"),
    "closed": _l("pregunta ya cerrada"),
}


# Who reads a note on a case: the form offers these, the case page labels each note with them.
NOTE_AUDIENCE_LABELS = {
    NoteAudience.INTERNAL: _l("Nota interna (solo el equipo del CDE)"),
    NoteAudience.EMPLOYER: _l("Nota para la empresa"),
}


# --- the person's own record: who saw or changed my data --------------------------------------

# Who acted, by the role stored on the audit row; the young person reads their own rows.
ACTOR_LABELS = {
    "counselor": _l("consejería del CDE"), "employer": _l("una empresa"),
    "admin": _l("administración"), "youth": _l("tú"),
}
AUDIT_ACTION_LABELS = {
    AuditAction.VIEW: _l("vio"), AuditAction.CREATE: _l("registró"),
    AuditAction.UPDATE: _l("cambió"), AuditAction.DELETE: _l("borró"),
    AuditAction.EXPORT: _l("exportó"),
}


def stage_label(stage: Stage, sex: Sex | str | None = None) -> str:
    """A case's stage for employers and counselors, in the person's gender when known."""
    by_sex = STAGE_LABELS_BY_SEX.get(Sex(sex) if sex in set(Sex) else None, {})
    return str(by_sex.get(stage, EMPLOYER_STAGE_LABELS[stage]))


def day_part_names(mask: int) -> list[str]:
    """The labels of the day parts in a bit mask, in the order of the day."""
    return [str(label) for bit, label in DAY_PART_LABELS.items() if mask & bit]


GLOBALS = (
    "LANGUAGE_LABELS", "MONTH_LABELS", "DAY_PART_LABELS", "SECTOR_LABELS", "REASON_LABELS",
    "LEVEL_LABELS", "LEVEL_SHORT", "EDUCATION_LABELS", "KIND_LABELS", "KIND_HINTS",
    "SEX_LABELS", "YOUTH_STAGE_LABELS", "STAGE_MEANING", "EMPLOYER_STAGE_LABELS",
    "STAGE_ACTIONS", "STATUS_LABELS", "PAY_PERIOD_LABELS", "CONTRACT_LABELS",
    "REQUIRED_EDUCATION_LABELS", "SEX_GROUP_LABELS", "STEP_LABELS", "KIND_ON_CV",
    "MESSAGE_STATUS_LABELS", "MESSAGE_CHANNEL_LABELS", "MESSAGE_OUTCOME_LABELS",
    "NOTE_AUDIENCE_LABELS",
    "EMPLOYER_STATUS_LABELS", "ACTOR_LABELS", "AUDIT_ACTION_LABELS", "STAGE_LABELS_BY_SEX",
    "stage_label",
    "REFUSAL_KIND_WORDS", "youth_stage_meaning",
)


def register(app: Flask) -> None:
    """Make every table a Jinja global, under the same name as here."""
    for name in GLOBALS:
        app.jinja_env.globals[name] = globals()[name]


# --- the personal-data download (any audience, neutral words) ------------------------------

CONSENT_PURPOSE_LABELS = {
    "processing": _l("Usar los datos para buscar trabajo"),
    "visibility": _l("Que las empresas verificadas vean el perfil"),
    "sensitive": _l("Guardar datos sensibles (origen, ingresos, salud)"),
    "messages": _l("Recibir mensajes por SMS o WhatsApp"),
}
CONSENT_METHOD_LABELS = {
    "online": _l("en la página"), "written": _l("por escrito"), "oral": _l("de palabra"),
    "sms": _l("por mensaje de texto"),
}
AUDIT_OBJECT_LABELS = {
    "candidate_profile": _l("el perfil"), "candidate_list": _l("una lista de candidatos"),
    "match_review": _l("una revisión de candidatos"), "application": _l("una postulación"),
    "follow_up": _l("un seguimiento"), "user": _l("la cuenta"), "employer": _l("el negocio"),
    "message_preferences": _l("las preferencias de mensajes"),
}
SOURCE_LABELS = {
    "self": _l("postulación propia"), "counselor": _l("propuesta del CDE"),
    "employer": _l("invitación de la empresa"),
}
DECISION_LABELS = {"pin": _l("fijado para esta oferta"),
                   "exclude": _l("descartado para esta oferta")}
ENROLLMENT_LABELS = {"inscrito": _l("inscrito"), "completo": _l("terminado"),
                     "abandono": _l("no terminó")}
ROLE_LABELS = {"youth": _l("joven"), "employer": _l("empresa"), "counselor": _l("consejería"),
               "admin": _l("administración")}
# Headings of the download page where the JSON key, read aloud, would miss an accent.
DOWNLOAD_KEY_LABELS = {
    "cuenta": _l("Cuenta"), "consentimientos": _l("Permisos"), "perfil": _l("Perfil"),
    "idiomas": _l("Idiomas"), "experiencias": _l("Experiencia"),
    "habilidades": _l("Habilidades"),
    "habilidades_certificadas": _l("Habilidades de cursos del CDE"),
    "ocupaciones_deseadas": _l("Trabajos que busca"), "postulaciones": _l("Postulaciones"),
    "historial": _l("Historial"), "notas": _l("Notas sobre el caso"),
    "seguimientos": _l("Seguimientos"), "fijado_o_descartado": _l("Fijado o descartado por el CDE"),
    "cursos": _l("Cursos del CDE"), "avisos": _l("Avisos"), "mensajes": _l("Mensajes"),
    "quien_vio_mis_datos": _l("Quién vio o cambió los datos"), "negocio": _l("Negocio"),
    "ofertas": _l("Ofertas"), "postulaciones_recibidas": _l("Postulaciones recibidas"),
    "verificacion": _l("Verificación"), "celular": _l("Celular"), "correo": _l("Correo"),
    "descripcion": _l("Descripción"), "titulo": _l("Título"), "razon": _l("Razón"),
    "ocupacion": _l("Ocupación"), "fecha_nacimiento": _l("Fecha de nacimiento"),
    "sobre_mi": _l("Sobre mí"), "educacion": _l("Educación"), "version": _l("Versión"),
    "quien": _l("Quién"), "accion": _l("Acción"), "que": _l("Qué"),
    "pago_mensual": _l("Pago mensual"),
    "meses_despues": _l("Meses después de la contratación"), "nota": _l("Nota"),
    "tipo": _l("Tipo"), "preferencias": _l("Preferencias"), "enviados": _l("Enviados"),
    "recibidos": _l("Recibidos"), "texto": _l("Texto"), "medio": _l("Medio"),
    "estado": _l("Estado"), "fecha": _l("Fecha"), "empresa": _l("Empresa"),
    "oferta": _l("Oferta"), "etapa": _l("Etapa"), "origen": _l("Origen"),
    "motivo": _l("Motivo"), "mensaje": _l("Mensaje"), "autor": _l("Autor"),
    "distrito": _l("Distrito"), "nombre": _l("Nombre"), "apellidos": _l("Apellidos"),
    "sexo": _l("Sexo"), "rol": _l("Rol"), "creada": _l("Creada"), "idioma": _l("Idioma"),
    "nivel": _l("Nivel"), "meses": _l("Meses"), "decision": _l("Decisión"),
    "curso": _l("Curso"), "terminado_el": _l("Terminado el"), "asunto": _l("Asunto"),
    "leido": _l("Leído"), "puntaje": _l("Puntaje"), "origen_etnico": _l("Origen étnico"),
    "distancia_maxima_km": _l("Distancia máxima (km)"), "tiene_dni": _l("Tiene DNI"),
    "tiene_cul": _l("Tiene CUL (certificado único laboral)"),
    "tiene_carne_de_salud": _l("Tiene carné de salud"),
    "registrado_por_el_cde": _l("Registrado por el CDE"), "ruc": _l("RUC"),
    "alerta_de_seguridad": _l("Alerta de seguridad"),
    "a": _l("A"),
    "de": _l("De"),
    "actualizado": _l("Actualizado"),
    "alertas_de_trabajo": _l("Alertas de trabajo"),
    "apoderado": _l("Apoderado"),
    "cierra": _l("Cierra"),
    "contacto": _l("Contacto"),
    "contrato": _l("Contrato"),
    "creado": _l("Creado"),
    "dni": _l("DNI"),
    "fecha_prevista": _l("Fecha prevista"),
    "finalidad": _l("Para qué"),
    "forma": _l("Cómo se dio"),
    "hecho": _l("Hecho"),
    "inscrito_el": _l("Inscripción"),
    "meses_disponibles": _l("Meses disponibles"),
    "oculto_desde": _l("Oculto desde"),
    "otorgado": _l("Otorgado"),
    "pago": _l("Pago"),
    "parentesco": _l("Parentesco"),
    "periodo_de_pago": _l("Periodo de pago"),
    "persona": _l("Persona"),
    "problema": _l("Problema"),
    "publicada": _l("Publicada"),
    "puede_mudarse": _l("Puede mudarse"),
    "puestos": _l("Puestos"),
    "quiere_emprender": _l("Quiere emprender"),
    "registrado_por": _l("Registrado por"),
    "resultado": _l("Resultado"),
    "rubro": _l("Rubro"),
    "sigue_trabajando": _l("Sigue trabajando"),
    "tiene_cuenta_bancaria": _l("Tiene cuenta bancaria"),
    "tipo_de_nota": _l("Tipo de nota"),
    "turnos": _l("Turnos"),
    "usuario": _l("Usuario"),
    "visible_para_empresas": _l("Visible para las empresas"),
}
# --- programme admin: travel times and course outcomes ---------------------------------------

TRAVEL_MODE_LABELS = {
    "road": _l("por carretera"), "river": _l("por río"), "walk": _l("a pie"),
}
# Keys are web.services.courses.Outcome values.
COURSE_OUTCOME_LABELS = {
    "aprobo": _l("Aprobó"), "asistio": _l("Asistió, no aprobó"),
    "no_asistio": _l("No asistió o lo dejó"),
}
GLOBALS += ("TRAVEL_MODE_LABELS", "COURSE_OUTCOME_LABELS")
