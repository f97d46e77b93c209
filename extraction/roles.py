"""Diplomatic reading: the role of each place mention, with the sentence that shows it.

Rules over syntax and vocabulary, after CAMEO's event families: 04x consult / visit / meet /
negotiate (meeting), 16x reduce relations / evacuate / close and the posts themselves
(diplomatic_post), 18x-19x assault / fight / occupy and 171 seize (conflict).
A place is linked to a trigger word by the grammar that ties them: a post noun and "in X",
"X consulate", "where there is a consulate"; a meeting word and "in / at X", "visit to X";
a conflict word and the places of its clause. Everything else is a ``mention``.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from extraction.datelines import find_dateline_place
from extraction.types import PlaceMention, PostStatus, Role, RoleReading, Span
from extraction.when import resolve_when

# NAME: diplomap.within; DEM: an adjective standing for its country's ground (diplomap.pipeline)
# REF: "the country", "the waterway", standing for a place its text named before (not a name)
LITERAL_LABELS = frozenset({"GPE", "LOC", "FAC", "GAZ", "DESC", "AREA", "NAME", "DEM", "REF"})
POST_NOUNS = {
    "embassy": "embassy",
    "embassies": "embassy",
    "consulate": "consulate",
    "consulates": "consulate",
    "consulate-general": "consulate_general",
    "consulates-general": "consulate_general",
    "chancery": "embassy",
    "legation": "embassy",
    "mission": "mission",
    "missions": "mission",
    "residence": "residence",
}
POST_PHRASES = {
    ("high", "commission"): "high_commission",
    ("consulate", "general"): "consulate_general",
    ("liaison", "office"): "mission",
    ("representative", "office"): "mission",
    ("interests", "section"): "mission",
}
POST_ANNEXES = frozenset(
    {
        "building",
        "buildings",
        "compound",
        "annex",
        "premises",
        "staff",
        "general",
        "office",
        "commission",
        "section",
        "offices",
        # its people: "Embassy workers in Washington", "consulate employees in Erbil"
        "staffer",
        "staffers",
        "worker",
        "workers",
        "employee",
        "employees",
        "personnel",
        "guard",
        "guards",
        # who speaks for it: "a U.S. embassy spokesman here", "embassy officials in Kabul"
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "officials",
        "diplomat",
        "diplomats",
        "source",
        "sources",
    }
)
MEETING_WORDS = frozenset(
    """meet met meeting meetings visit visited visits visiting talks talk summit summits conference
    negotiation negotiations negotiate negotiated negotiating summit host hosted hosts hosting arrive arrived
    arrives arriving travel traveled travelled trip tour toured consultations session ministerial forum
    gathering dialogue gather gathered convene convened convenes assemble assembled signing confer
    conferred conferring lunched dined shuttle shuttled shuttles shuttling sidelines diplomacy reconvene
    reconvened reconvenes invite invited invites inviting""".split()
)
VISIT_WORDS = frozenset(
    {"visit", "visited", "visits", "visiting", "trip", "travel", "traveled", "travelled", "tour", "invite"}
)
HOST_WORDS = frozenset({"host", "hosted", "hosts", "hosting"})
# Verbs of going somewhere, which a purpose clause can make a trip to meet ("flew to X to meet").
GOING_VERBS = frozenset({"go", "fly", "head", "come", "return", "rush", "jet", "travel", "arrive"})
CONFLICT_WORDS = frozenset(
    """fight fighting fought clash clashes clashed attack attacks attacked assault offensive battle battles
    capture captured captures seize seized seizing overran overrun shelling shelled bombing bombed bombs
    airstrike airstrikes strikes violence violent insurgency insurgents insurgent militants militant war
    war-torn conflict unrest siege besieged killed killing casualties fighters rebels rebel invasion invaded
    occupied occupation deteriorating ceasefire truce gunmen explosion blast troops taking strike missile
    rocket drone shell raid ambush offensive advance frontline front-line hostilities massacre
    counteroffensive counter-offensive retook retake recaptured recapture liberated forces fired
    crackdown gunfire artillery mortar mortars bombardment bombardments shootout firefight skirmish
    skirmishes crossfire hit targeted targeting intercept intercepted intercepts interception explode
    exploded explodes detonate detonated incursion incursions shot shoot shoots gunned kill kills
    debris shrapnel bomber bombers pound pounded pounding pounds gunners firing gunbattle gunbattles
    firefights shootouts""".split()
)
# Conflict words a war's, a battle's or an armed force's own name keeps: "the Syrian Civil War",
# "the Battle of Mosul", "Puntland Defense Forces".
WAR_NAMES = frozenset(
    """war wars battle siege offensive invasion massacre conflict uprising revolution insurgency
    intifada operation bombing bombings attack attacks forces force army troops militia rebels fighters
    militants insurgents guard""".split()
)
# What falls from an intercepted weapon: fighting only where a weapon or an interception is named.
FALLOUT_WORDS = frozenset({"debris", "shrapnel"})
INTERCEPT_CONTEXT = frozenset(
    """rocket rockets missile missiles drone drones shell shells intercept intercepted intercepts
    interception interceptor projectile projectiles air defense defence defenses defences ballistic""".split()
)
# Words that report fighting on their own, and where they place it, for a sentence whose parse
# ties no place to them.
STRONG_FIGHTING = frozenset(
    """airstrike airstrikes shelling shelled clashes clashed fighting bombing bombed bombardment
    ambush ambushed artillery mortar mortars gunfire shootout firefight offensive assault raid raids
    massacre explosion explosions blast drone-strike""".split()
)
LOCATIVE_PREPOSITIONS = frozenset({"in", "near", "at", "across", "into", "around", "outside", "throughout"})
PLACED_LABELS = frozenset({"GPE", "LOC", "FAC", "GAZ", "NAME", "AREA", "REF"})
# What is done about fighting elsewhere, where the verb's place is: "the attack was condemned in Paris".
JUDGING_VERBS = frozenset(
    """condemn denounce criticise criticize blame discuss debate mourn commemorate remember investigate
    protest""".split()
)
REACTION_VERBS = frozenset(
    """say report announce state confirm claim condemn denounce criticise criticize blame expect warn
    fear predict discuss debate sentence convict charge try mourn protest urge call""".split()
)
# Shooting is fighting when armed men or forces do it ("shot dead by gunmen", "shot down an
# aircraft"), and ordinary crime or police work otherwise.
SHOOTING_WORDS = frozenset({"shot", "shoot", "shoots", "gunned"})
# "a military / ground operation (in X)": an operation or campaign is fighting when it is armed.
OPERATION_NOUNS = frozenset({"operation", "operations", "campaign", "campaigns"})
ARMED_MODIFIERS = frozenset(
    """military ground air armed naval army counterterrorism counter-terrorism counterinsurgency
    counter-insurgency anti-terror""".split()
)
# Who is attacked and defends: "Kuwait intercepts eight missiles", "Saudi Arabia's air defenses
# shoot down drones", "Jordan says it repelled an attack". The defender's ground is where it happens.
DEFEND_VERBS = frozenset({"intercept", "repel", "repulse", "down"})
DEFENDER_NOUNS = frozenset(
    {
        "military",
        "army",
        "defense",
        "defenses",
        "defence",
        "defences",
        "force",
        "forces",
        "navy",
        "guard",
        "system",
        "systems",
        "ministry",  # "the Kuwaiti defense ministry says the military intercepted ..."
        "government",  # "the Qatari government announces that its military had intercepted ..."
    }
)
SAY_VERBS = frozenset({"say", "report", "announce", "state", "confirm", "claim"})
STATUS_CUES: dict[str, PostStatus] = {
    "evacuate": PostStatus.EVACUATED,
    "evacuated": PostStatus.EVACUATED,
    "evacuating": PostStatus.EVACUATED,
    "evacuation": PostStatus.EVACUATED,
    "withdrew": PostStatus.EVACUATED,
    "pulled": PostStatus.EVACUATED,
    "relocated": PostStatus.EVACUATED,
    "close": PostStatus.CLOSED,
    "closed": PostStatus.CLOSED,
    "closing": PostStatus.CLOSED,
    "closure": PostStatus.CLOSED,
    "shut": PostStatus.CLOSED,
    "suspended": PostStatus.CLOSED,
    "operating": PostStatus.OPERATING,
    "operational": PostStatus.OPERATING,
    "functioning": PostStatus.OPERATING,
    "open": PostStatus.OPERATING,
    "remains": PostStatus.OPERATING,
    "opened": PostStatus.OPENED,
    "reopened": PostStatus.OPENED,
    "inaugurated": PostStatus.OPENED,
    "attacked": PostStatus.ATTACKED,
    "stormed": PostStatus.ATTACKED,
    "attack": PostStatus.ATTACKED,
    "bombed": PostStatus.ATTACKED,
    "shelled": PostStatus.ATTACKED,
    "destroyed": PostStatus.ATTACKED,
    "struck": PostStatus.ATTACKED,
    "torched": PostStatus.ATTACKED,
    "fire": PostStatus.ATTACKED,
    "damaged": PostStatus.ATTACKED,
    "targeted": PostStatus.ATTACKED,
    "unstaffed": PostStatus.UNSTAFFED,
    "empty": PostStatus.UNSTAFFED,
}
# When one post has several statuses in an article, the strongest wins.
STATUS_RANK = [
    PostStatus.ATTACKED,
    PostStatus.CLOSED,
    PostStatus.EVACUATED,
    PostStatus.UNSTAFFED,
    PostStatus.AT_RISK,
    PostStatus.OPENED,
    PostStatus.OPERATING,
]
HEDGES = frozenset(
    {"could", "may", "might", "if", "threat", "threatened", "risk", "fear", "fears", "possible"}
)
NEGATIONS = frozenset({"not", "n't", "never", "no"})
# Organisations a story is told through, not ones that meet: platforms and news agencies.
NOT_PARTICIPANTS = frozenset(
    """twitter x facebook instagram youtube telegram whatsapp tiktok linkedin weibo wechat reuters ap afp
    pti ani ians xinhua tass bbc cnn""".split()
) | {"associated press", "agence france-presse", "press trust of india", "al jazeera", "ria novosti"}
# "The (security) situation has deteriorated in X": a worsening situation is a conflict cue;
# worsening relations or economies are not, so the verb counts only with such a subject.
WORSEN_VERBS = frozenset({"deteriorate", "worsen"})
SITUATION_NOUNS = frozenset({"situation", "security", "conditions"})
VENUE_NOUNS = frozenset({"venue", "host", "site", "scene", "setting", "location", "theatre", "theater"})
# What is 'struck' or 'attacked' without any fighting: "struck a deal", "attacked the plan".
SETTLED_NOUNS = frozenset(
    {
        "deal",
        "agreement",
        "accord",
        "pact",
        "bargain",
        "compromise",
        "balance",
        "tone",
        "chord",
        "plan",
        "policy",
        # what an election, a game or a market gives: "captured 1.3 percent of the vote"
        "percent",
        "vote",
        "votes",
        "seat",
        "seats",
        "share",
        "title",
        "attention",
        "imagination",
        "heart",
        "hearts",
        "market",
        "prize",
        "medal",
        "championship",
        "lead",
        # what a blow to money hits: "hurt the country's economy", "tariffs hit exports"
        "economy",
        "economies",
        "exports",
        "growth",
        "profits",
        "sales",
        "markets",
        "prices",
        "stocks",
        "shares",
        "revenue",
        "revenues",
    }
)
# Disasters: what kills, hits or strikes a place without any fighting.
DISASTERS = frozenset(
    """earthquake quake tremor aftershock storm hurricane typhoon cyclone tornado flood floods flooding
    tsunami wildfire landslide avalanche drought heatwave lightning derailment stampede eruption""".split()
)
# A subject that strikes or hits a place without any fighting ("an earthquake struck X").
# What befalls someone by accident: "killed after his helicopter crashed".
ACCIDENT_VERBS = frozenset({"crash", "collide", "capsize", "drown", "overturn", "derail", "fall", "sink"})
NATURAL_FORCES = DISASTERS | frozenset(
    """fire blaze crash accident collision collapse virus disease outbreak epidemic pandemic cholera
    ebola coronavirus covid covid-19 flu influenza measles malaria illness change poverty corruption
    hunger cancer inflation""".split()
)
# What "fire" is gunfire of ("artillery fire"); other nouns before it say what burns ("a house fire").
GUNFIRE_NOUNS = frozenset(
    """artillery mortar tank sniper gun machine rifle rocket arm cannon naval enemy army police militia
    gunboat helicopter drone cross""".split()
)
# What a camera shoots: "shooting footage in Los Angeles".
FILMED = frozenset("footage film scene video movie photo picture documentary commercial episode".split())
PYROTECHNICS = frozenset({"firework", "fireworks", "flare", "flares", "confetti"})
# Words that make a fight or an attack one of words, money or networks: "a trade war", "a legal
# battle", "a charm offensive", "offensive cyber operations".
NOT_KINETIC = frozenset(
    """cyber information charm diplomatic propaganda legal media psychological trade tariff price
    economic marketing advertising sales cultural verbal rhetorical custody court courtroom
    immigration carbon co2""".split()
)
# Nouns a conflict word only types: "an attack submarine", "a carrier strike group", "an assault
# rifle", "an attack helicopter" (the thing, not an attack).
TYPED_NOUNS = frozenset(
    """submarine submarines group groups helicopter helicopters aircraft jet jets plane planes fighter
    fighters craft dog dogs rifle rifles boat boats vessel vessels ship ships squadron capability
    capabilities defence defences defense defenses shield system systems programme program force forces
    unit units chance spirit""".split()
)
# What blows up by accident: "the explosion of a gas cylinder", "a boiler blast".
TEST_WORDS = frozenset({"test", "tests", "testing", "test-fired", "test-fire", "test-firing"})
ACCIDENT_SOURCES = frozenset(
    {"gas", "cylinder", "boiler", "fireworks", "firework", "transformer", "methane", "leak", "reactor"}
    | {"plant", "refinery", "factory", "mine", "pipeline"}
)
# Weapons named as a clause's subject are fighting only when they land: "a rocket hit X", not "the
# KAIROS rocket suffers a launch failure from X".
WEAPON_NOUNS = frozenset({"rocket", "rockets", "missile", "missiles", "drone", "drones", "shell"})
IMPACT_VERBS = frozenset(
    {"land", "fall", "hit", "strike", "explode", "crash", "impact", "slam", "rain", "kill"}
)
# Words of a criminal case, a police action or a disaster: a killing, an attack or a "hit" told
# with them, and with no armed force in the sentence, is the guide's "ordinary crime" or no
# violence at all ("the victim was killed on the estate, the prosecutor said", "arrested for
# allegedly attacking a man in X", "police raided a home in X", "flash floods hit a village in X").
NOT_ARMED_WORDS = DISASTERS | frozenset(
    """murder murdered murders homicide manslaughter prosecutor prosecutors prosecution charged
    convicted conviction sentenced jury defendant suspect burglary robbery robbed stabbing stabbed
    arrested allegedly police swat sheriff inmate inmates accomplice fugitive fugitives rampage shooter
    spree mudslide rain rains rainfall downpour snowstorm blizzard volcano celebratory trooper
    troopers deputies jail jailed charges accused custody bail stampede crush""".split()
)
ARMED_WORDS = frozenset(
    """military troops army soldier soldiers militant militants rebel rebels insurgent insurgents
    jihadist jihadists airstrike airstrikes air drone drones missile missiles rocket rockets shelling
    artillery war forces terrorist terrorists terrorism gunmen cartel gang gangs armed bomb bombs
    bomber bombing bombings explosive explosives suicide grenade grenades fighting clashes combat
    battle battles settler settlers uav uavs sniper snipers guerrilla guerrillas warplane warplanes
    warship warships gunboat gunboats commando commandos paratroopers militia militias militiaman
    militiamen separatist separatists extremist extremists mujahedeen mujahideen contra contras
    partisans fighters gunners""".split()
)
# A rocket or a launch among these is spaceflight: "launched via a Falcon 9 rocket from Cape Canaveral".
SPACE_WORDS = frozenset(
    """space spacecraft spaceflight spaceport satellite satellites capsule orbit orbital astronaut
    astronauts cosmonaut nasa spacex moon lunar lander rover""".split()
)
# Strikes that are work stopped, not blows struck: "a general strike", "a hunger strike".
PROTEST_VERBS = frozenset({"march", "protest", "demonstrate", "rally", "demonstration", "protester"})
# What is captured without arms: "capture carbon dioxide", "captured the moment".
NOT_SEIZED = frozenset(
    """carbon dioxide co2 emission emissions gas methane attention imagination moment image images footage
    market share heart hearts title championship medal vote votes data""".split()
)
# Who strikes for pay: "teachers striking in West Virginia".
STRIKERS = frozenset(
    """teacher worker nurse doctor employee staff driver miner union member docker pilot""".split()
)
LABOUR_STRIKES = frozenset(
    """general hunger labour labor national nationwide workers rail transport teachers doctors student
    students sympathy""".split()
)
# What "targets" or "hits" a place without arms: "tariffs that have targeted China".
PEACEFUL_SUBJECTS = frozenset(
    """tariff tariffs sanction sanctions measure measures policy policies law laws regulation regulations
    ban bans duty duties tax taxes ad ads advert adverts advertisement campaign case cases infection
    infections price prices share shares stock stocks sale sales inflation unemployment index""".split()
)
# Nouns a ceasefire word can name without any fighting at the places tied to them: "the latest
# ceasefire proposal from the United States via Pakistan".
PROPOSAL_NOUNS = frozenset(
    """proposal proposals plan plans offer offers response terms framework initiative draft
    negotiator negotiators mediator mediators mediation""".split()
)
# Whom a private visit is to: family and friends, not officials.
PRIVATE_HOSTS = frozenset(
    """father mother parent parents son daughter family relative relatives friend friends wife husband
    brother sister grandmother grandfather girlfriend boyfriend grave baby grandchild grandson granddaughter
    fan fans""".split()
)
# Coming from a place: where someone or something travels from is neither a venue nor a target.
MOTION_VERBS = frozenset(
    {"arrive", "cross", "come", "enter", "travel", "return", "infiltrate", "smuggle", "ship", "send"}
)
# Whose people or bodies a place owns: "head of Iran's Quds Force" killed in Baghdad, "Israel's
# military claims to have killed": the owner is no place of the fighting.
OWNED_BODIES = frozenset(
    """military army force forces navy secretary commander chief head leader minister president official
    officials ambassador spokesman spokesperson government council ministry agency""".split()
)
CONTROL_VERBS = frozenset({"take", "seize", "gain", "wrest", "regain", "lose"})
FIRE_VERBS = frozenset({"open", "exchange", "return"})
GUEST_NOUNS = frozenset(
    """president minister counterpart delegation envoy ambassador leader king queen emir prince
    premier chancellor secretary pope delegates diplomats""".split()
)
# What counts meetings: "a round of talks", "the first day of negotiations".
ROUND_NOUNS = frozenset({"round", "series", "session", "day", "week", "part", "stage", "phase"})
# Attacks a town's name before them places: "the Diapaga attack" (a country's name is whose).
NAMED_ATTACKS = frozenset(
    """attack bombing massacre shelling siege raid ambush shooting offensive counteroffensive
    counter-offensive war battle incursion airstrike""".split()
)
# Offices a place's name only qualifies: "Darfur Governor Minni Minnawi", "the Kabul mayor".
PERSON_TITLES = frozenset(
    """governor president minister mayor premier king queen emir chancellor secretary ambassador envoy
    senator spokesman spokesperson""".split()
)
# What troops do that is not fighting: "troops were sent to X", "forces are deployed to X".
POSTING_VERBS = frozenset(
    """send deploy dispatch mass amass wait stand remain stay station base train exercise drill""".split()
)
# Whose side an armed force is on: "troops aligned with X", "militias loyal to X".
ALLEGIANCE_WORDS = frozenset({"align", "aligned", "ally", "allied", "affiliate", "affiliated", "loyal"})
BORDER_NOUNS = frozenset({"border", "borders", "frontier", "boundary"})
# "160km south of the Sri Lankan capital Colombo", "12 km (7 mi) north of Kharkiv", "villages around 70 km
# of Mogadishu", "within two kilometres of Gaza": the name ending this is the point a distance is measured
# from, not where anything happens.
MEASURED_FROM = re.compile(
    r"(?:\b\d[\d,.]*\s*|\bwithin\s[^.]{0,40}?)(?:km|kilometres|kilometers|kilometre|kilometer|miles|mile|mi)\b"
    r"(?:\s*\([^)]{0,20}\))?\s+(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+)?(?:of|from)\s+"
    r"(?:the\s+)?(?:[A-Za-z'’-]+\s+){0,3}$",
    re.I,
)


# Not "region" or "province": "the Bari region of Puntland" names Bari's region, inside Puntland.
DESCRIBED_NOUNS = frozenset(
    """port town city state nation island village capital enclave republic emirate kingdom""".split()
)


def describes_a_place(root: Token) -> bool:
    """'the Red Sea port town of Mokha', 'the Gulf state of Qatar': the name only says what kind of
    place the one after 'of' is."""
    if root.dep_ not in ("compound", "amod", "nmod"):
        return False
    noun = root.head
    while noun.dep_ == "compound" and noun.head.i > noun.i:
        noun = noun.head
    return noun.lemma_.lower() in DESCRIBED_NOUNS and any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in c.children)
        for c in noun.children
    )


def measured_from(text: str, start: int) -> bool:
    """Whether the name starting at `start` in `text` is only where a distance before it is measured
    from. One definition for the rules, the model's feature and the pipeline's last word."""
    return MEASURED_FROM.search(text, max(0, start - 80), start) is not None


ANIMALS = frozenset(
    """bear shark dog wolf tiger lion elephant crocodile leopard snake bee horse cow cat pet cattle
    sheep""".split()
)
COMPASS_POINTS = frozenset(
    """north south east west northeast northwest southeast southwest north-east north-west south-east
    south-west""".split()
)
COMPASS_ADJ = frozenset("""northern southern eastern western central""".split())
# Nouns a place's name stands before: "Bari region", "Lubero territory", "the Kidal area".
AREA_NOUNS = frozenset(
    """region province district governorate oblast county territory area city town village
    municipality valley mountains island islands prefecture state sector sectors""".split()
)
# The place nouns whose "of" names the place itself: "the village of La Palma", "the resort of Antalya".
NAMING_NOUNS = frozenset({"city", "town", "village", "resort", "port", "hamlet", "township", "capital"})
# Participles that say what an attack did: "launches drone strikes, damaging a station in X".
HARM_PARTICIPLES = frozenset({"damage", "destroy", "kill", "injure", "wound", "hit", "level", "flatten"})
ARMED_BODIES = frozenset(
    """organization organisation organizations organisations group groups party member members
    leader leaders commander wing""".split()
)
ARMED_CRIMES = frozenset({"robbery", "robber", "burglary", "carjacking", "standoff", "suspect", "man"})
DEADLY_WORDS = frozenset(
    {"kill", "killed", "dead", "die", "died", "clash", "clashes", "fire", "gunfire", "wound"}
)
# Who acts alone, without an armed force: "a man attacked his mom's car", "a teen killed 12".
LONE_PEOPLE = frozenset(
    """man woman teen teenager boy girl suspect driver person student neighbour neighbor youth""".split()
)
# What a meeting is about or held amid: "pledge funding amidst the epidemic, including in Ituri".
TOPIC_PREPS = frozenset({"amid", "amidst", "including", "despite", "regarding", "concerning"})
TOPIC_VERBS = frozenset({"discuss", "address", "consider", "debate", "review", "resolve", "end", "examine"})
# Who is somewhere to negotiate: "mediators in Cairo", "a Hamas delegation in Doha".
DELEGATE_NOUNS = frozenset(
    {"delegation", "delegations", "mediator", "mediators", "negotiator", "negotiators"}
)
# Envoys whose seat is a post: "the U.S. chargé d'affaires in Copenhagen" (an embassy there).
SEATED_ENVOYS = {
    "ambassador": "embassy",
    "ambassadors": "embassy",
    "chargé": "embassy",
    "chargés": "embassy",
    "charge": "embassy",
    "consul": "consulate",
    "consul-general": "consulate_general",
}
ENVOY_NOUNS = frozenset(
    {"ambassador", "envoy", "chargé", "chargés", "charge", "diplomat", "diplomats", "consul"}
)
AGREEMENT_NOUNS = frozenset(
    """deal agreement accord treaty pact declaration memorandum communique communiqué armistice
    ceasefire truce convention protocol charter document""".split()
)
ARRIVALS = frozenset({"arrive", "travel", "fly", "come", "land", "gather", "assemble", "dock", "sail"})
# Who arrives or gathers somewhere without meeting anyone there: forces, vessels, crowds.
PAIR_DASHES = frozenset({"–", "-", "—", "/"})
NOT_GUESTS = frozenset(
    """police policeman policemen officer soldier troop troops force forces refugee refugees migrant
    migrants tourist tourists convoy ship vessel plane aircraft aid shipment evacuee evacuees tanker
    carrier freighter cargo boat train bus flight truck trucks lorry vehicle vehicles people
    protester protestor demonstrator crowd
    supporter hardliner resident thousand hundred dozen fan worshipper pilgrim body remains coffin
    observer observers monitor monitors inspector inspectors team teams peacekeeper peacekeepers""".split()
)
# A meeting called off is no meeting ("cancels sending envoys to X for negotiations", "a planned
# trip to X, which was cancelled").
CANCEL_VERBS = frozenset({"cancel", "scrap", "abandon", "call"})
# A dateline's lead sentence that says officials met (extraction.datelines): the words of meeting.
LEAD_MEETINGS = frozenset({"meet", "talk", "talks", "negotiate", "negotiation", "summit", "confer"})
REMOTE_TALKS = frozenset({"phone", "telephone", "call", "called", "video", "virtual", "videoconference"})
# Purposes of a trip that are talks with officials when officials are named ("to brief NATO allies").
CONSULT_VERBS = frozenset({"brief", "consult", "confer"})
# Meeting words that name any get-together: a meeting under the guide only when officials are named.
WEAK_MEETINGS = (
    frozenset(
        {
            "forum",
            "session",
            "conference",
            "gathering",
            "gather",
            "assemble",
            "convene",
            "signing",
            "diplomacy",
            "reconvene",
        }
    )
    | CONSULT_VERBS
)
OFFICIAL_WORDS = frozenset(
    """president minister ministers ministerial counterpart delegation delegations delegate delegates envoy
    envoys ambassador ambassadors leader leaders king queen emir prince premier chancellor secretary
    pope diplomat diplomats diplomatic official officials government governments head heads summit
    foreign defence defense ministry parliament parliamentary mayor mayors governor governors
    nato un asean eu countries nations representatives chiefs commanders military mediator mediators
    negotiator negotiators chair chairs chairman chairwoman co-chair co-chairs""".split()
)
# Words that make a person an official when they stand beside the name ("Foreign Minister X",
# "X, the president of Y"): whose trips and visits are the guide's meetings.
TITLE_WORDS = (
    OFFICIAL_WORDS
    | GUEST_NOUNS
    | ENVOY_NOUNS
    | frozenset(
        """senator senators lawmaker lawmakers congressman congresswoman mp mps spokesman spokesperson
    general commander chief chairman sultan sheikh vice deputy pm presidential prime marshal mission
    mediator mediators negotiator negotiators speaker political parties factions faction alliance opposition
    rebels""".split()
    )
)
# Meeting words that only say someone went somewhere or saw someone: a meeting under the guide only
# when an official is the one who goes ("the President traveled to X", not "JJ toured Ireland").
# Meeting someone over a table: only "with" someone ("lunched with Chinese Premier Zhao Ziyang").
TABLE_VERBS = frozenset({"confer", "lunch", "dine", "din"})  # the tagger lemmatises "dined" as "din"
TRAVEL_MEETINGS = frozenset(
    {"visit", "trip", "travel", "tour", "arrive", "meet", "host", "meeting", "shuttle", "invite"}
)
# A foreign leader who speaks somewhere is visiting it (_SentenceReader._visitor_speaking): the
# words of speaking, the events spoken at, the titles of visitors, and speakers who live there.
SPOKEN_VERBS = frozenset({"say", "tell", "speak", "announce", "declare", "add", "warn", "stress", "insist"})
SPEECH_EVENTS = frozenset({"conference", "briefing", "interview", "speech", "address", "lecture"})
VISITOR_TITLES = frozenset(
    """president minister premier chancellor secretary king queen prince emir sultan senator congressman
    congresswoman lawmaker lawmakers delegation whip vice envoy negotiator""".split()
)
RESIDENT_SPEAKERS = ENVOY_NOUNS | frozenset(
    """embassy spokesman spokeswoman spokesperson correspondent official officials source sources
    governor mayor""".split()
)
# Words of a lead that put its fighting away from the dateline city (_dateline_fighting).
ELSEWHERE_WORDS = frozenset(
    """north south east west northern southern eastern western northeast northwest southeast southwest
    northeastern northwestern southeastern southwestern near outside border frontier coast countryside
    camp base inside territory positions front""".split()
)
# Gatherings that are not meetings of officials with one another.
NOT_MEETINGS = frozenset({"press", "news"})
# Conflict words that name who fights, not the fighting.
CONFLICT_ACTORS = frozenset(
    {
        "troops",
        "troop",
        "forces",
        "force",
        "fighter",
        "fighters",
        "rebel",
        "rebels",
        "insurgent",
        "insurgents",
        "militant",
        "militants",
        "gunman",
        "gunmen",
        "guerrilla",
        "guerrillas",
        "militiamen",
        "separatists",
        "gunners",
    }
)
# Verbs that only carry the event named by their object: "launched an offensive in X".
LIGHT_VERBS = frozenset(
    {
        "launch",
        "carry",
        "conduct",
        "mount",
        "stage",
        "stag",  # the tagger lemmatises "staged" as "stag"
        "wage",
        "begin",
        "start",
        "resume",
        "step",
        "intensify",
        "commit",
    }
)
# Verbs whose completing clause is what happens where they are: "in Arusha, mediators tried to revive
# the peace talks", "agreed to resume talks in Geneva".
ATTEMPT_VERBS = frozenset(
    {"try", "seek", "attempt", "agree", "begin", "start", "continue", "plan", "prepare"}
)
# The trigger of a plain mention the rules read as beside its sentence's fighting, not in it: the
# learned reader adds no conflict to such a place on the strength of its sentence's words alone.
BESIDE = "beside the fighting"
STAFF_WORDS = frozenset({"diplomats", "staff", "personnel", "officials", "employees"})


def classify_roles(
    mentions: Sequence[PlaceMention],
    docs: Sequence[tuple[int, Doc]],
    published: date | None,
    countries: Sequence[str | None],
    homes: Sequence[str | None] | None = None,
) -> list[list[RoleReading]]:
    """Roles for each mention (parallel to ``mentions``). ``countries`` gives each mention's
    resolved ISO2 country (or None), used to find post owners and home countries; ``homes`` the
    country each mention's place lies in, whatever its kind."""
    out: list[list[RoleReading]] = [[] for _ in mentions]
    by_sentence: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_sentence[(m.sentence.start, m.sentence.end)].append(i)
    last_meeting: int | None = None
    dateline, header_end = _dateline_mention(mentions, docs)
    officials = _titled_people(docs)
    era = published.year if published is not None else _latest_year(docs)
    for (s_start, s_end), idx in sorted(by_sentence.items()):
        sent = sentence_span(docs, s_start, s_end)
        if sent is None:
            continue
        reader = _SentenceReader(
            sent,
            [mentions[i] for i in idx],
            [countries[i] for i in idx],
            published,
            era,
            officials,
            [homes[i] for i in idx] if homes is not None else None,
            idx.index(dateline) if dateline in idx else None,
            header_end,
        )
        for local, readings in reader.read().items():
            out[idx[local]].extend(readings)
        for local in reader.vetoed:
            out[idx[local]].append(_beside(mentions[idx[local]]))
        if any(r.role == Role.MEETING for local in range(len(idx)) for r in out[idx[local]]):
            last_meeting = next(
                idx[k] for k in range(len(idx)) if any(r.role == Role.MEETING for r in out[idx[k]])
            )
    for i, m in enumerate(mentions):
        if i != dateline and m.end <= header_end:
            # "NICOSIA, Cyprus, Jan. 14 (Reuters) - Iranian forces fought ...": the dateline's country
            # is where the story is filed from, not where the lead's fighting is
            out[i] = [r for r in out[i] if r.role != Role.CONFLICT]
            out[i].append(_beside(m))
    if dateline is not None and homes is not None:
        lead = mentions[dateline].sentence.start
        named = {
            homes[i]
            for i, m in enumerate(mentions)
            if i != dateline
            and m.start >= header_end
            and m.sentence.start == lead
            and m.label in PLACED_LABELS
        }
        if named and homes[dateline] not in named:
            # "NICOSIA, Cyprus (Reuters) - Iranian forces fought their way to within 10 miles of Basra":
            # the lead tells of another country than the one the story is filed from
            out[dateline].append(_beside(mentions[dateline]))
    _carry_meetings(out, mentions, docs, published, last_meeting)
    if dateline is not None:
        _met_at_dateline(out, mentions, docs, published, dateline, officials)
    _merge_post_status(out, mentions)
    for i, m in enumerate(mentions):
        if not out[i]:
            out[i].append(RoleReading(Role.MENTION, m.sentence, 0.6))
    return out


def _beside(m: PlaceMention) -> RoleReading:
    """A plain mention the rules read as beside its sentence's fighting (BESIDE)."""
    return RoleReading(Role.MENTION, m.sentence, 0.6, trigger=BESIDE)


def _dateline_mention(
    mentions: Sequence[PlaceMention], docs: Sequence[tuple[int, Doc]]
) -> tuple[int | None, int]:
    """The mention that is the article's wire dateline ("MOSCOW (Reuters) -"), if it has one, and
    where its header ends (0 without one)."""
    if not docs or docs[0][0] != 0:
        return None, 0
    place = find_dateline_place(docs[0][1].text)
    if place is None:
        return None, 0
    return next((i for i, m in enumerate(mentions) if m.start <= place.start < m.end), None), place.header_end


def _has_own_place(tok: Token, placed: list[Token]) -> bool:
    """Whether a word a place is put at ("met in Geneva": met) is ``tok`` or its clause, or hangs from
    them without another verb between: "ended their summit today with a pledge to meet again in
    Washington" puts no place on the summit."""
    clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return any(_governs(clause, h) or _governs(tok, h) for h in placed)


def _governs(clause: Token, holder: Token) -> bool:
    """``holder`` is ``clause`` or hangs from it without passing through another verb."""
    node = holder
    while True:
        if node.i == clause.i:
            return True
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return False
        node = node.head


def _titled_people(docs: Sequence[tuple[int, Doc]]) -> frozenset[str]:
    """The names (each word of them) of the people the article gives an office: 'Foreign Minister
    Subrahmanyam Jaishankar', 'Atmar, the Afghan foreign minister'."""
    names: set[str] = set()
    for _offset, doc in docs:
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            near = [
                *doc[max(ent.start - 4, ent.sent.start) : ent.start],
                *doc[ent.end : min(ent.end + 6, ent.sent.end)],
            ]
            if any(t.lower_ in TITLE_WORDS or t.lemma_.lower() in TITLE_WORDS for t in near):
                names.update(t.text for t in ent if t.is_alpha and t.is_title)
    return frozenset(names)


def _latest_year(docs: Sequence[tuple[int, Doc]]) -> int | None:
    """The latest plausible year an article names: how an undated article is dated."""
    this_year = date.today().year
    years = [int(y) for _o, doc in docs for y in _YEAR_IN_TEXT.findall(doc.text) if int(y) <= this_year]
    return max(years, default=None)


def sentence_span(docs: Sequence[tuple[int, Doc]], start: int, end: int) -> SpacySpan | None:
    for offset, doc in docs:
        if offset <= start and end <= offset + len(doc.text):
            return doc.char_span(start - offset, end - offset, alignment_mode="expand")
    return None


class _SentenceReader:
    def __init__(
        self,
        sent: SpacySpan,
        mentions: list[PlaceMention],
        countries: list[str | None],
        published: date | None,
        era: int | None,
        officials: frozenset[str] = frozenset(),
        homes: list[str | None] | None = None,
        dateline: int | None = None,
        header_end: int = 0,
    ) -> None:
        self.homes = homes if homes is not None else [None] * len(mentions)
        self.dateline = dateline  # the mention that is the wire dateline, in its lead sentence
        self.header_end = header_end  # where the dateline's header ends, in the article's text
        self.sent = sent
        self.officials = officials  # words of the names of people the article gives an office
        self.doc = sent.doc
        self.base = sent.start_char - (mentions[0].sentence.start - _doc_offset(mentions[0], sent))
        self.mentions = mentions
        self.countries = countries
        self.published = published
        self.era = era  # the article's year: its date's, or the latest it names
        self.tokens = [self._token_span(m) for m in mentions]
        self.evidence = mentions[0].sentence
        self.vetoed: set[int] = set()  # places the sentence puts beside its fighting, not in it

    def _token_span(self, m: PlaceMention) -> tuple[int, int]:
        offset = m.sentence.start - self.sent.start_char
        span = self.doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
        return (span.start, span.end) if span is not None else (self.sent.start, self.sent.start)

    def read(self) -> dict[int, list[RoleReading]]:
        out: dict[int, list[RoleReading]] = defaultdict(list)
        literal = [i for i, m in enumerate(self.mentions) if m.label in LITERAL_LABELS]
        posts = self._posts(literal)
        owners: set[str | None] = {r.owner for rs in posts.values() for r in rs if r.owner}
        for i, readings in posts.items():
            out[i].extend(readings)
        for i in literal:
            if i in posts:
                continue
            reading = self._meeting_or_conflict(i, owners)
            if reading is not None:
                out[i].append(reading)
        self._fill_lists(literal, out)
        self._dateline_meeting(literal, out)
        self._dateline_fighting(literal, out)
        self._only_place_of_fighting(literal, out)
        self._harm_after_attack(literal, out)
        for readings in out.values():
            readings[:] = [
                r
                for r in readings
                if not (
                    r.role == Role.CONFLICT
                    and (
                        self._historic(r.trigger)
                        or self._in_words(r.trigger)
                        or self._unreal(r.trigger)
                        or self._not_armed_violence(r.trigger)
                    )
                )
            ]
        return out

    def _dateline_meeting(self, literal: list[int], out: dict[int, list[RoleReading]]) -> None:
        """'MOSCOW (Reuters) - Soviet Foreign Minister Eduard Shevardnadze held talks with his Iraqi
        counterpart on Monday': a wire story's lead that tells of officials meeting and names no
        other place for it is set where its dateline is (the dateline is where the story happens)."""
        i = self.dateline
        if i is None or i not in literal or any(r.role != Role.MENTION for r in out.get(i, ())):
            return
        placed = [
            root.head.head
            for k in self._after_header(literal)
            if (root := self._root(k)).dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS
        ]
        triggers = {r.trigger for rs in out.values() for r in rs if r.role != Role.MENTION}
        if any(t.lower_ in REMOTE_TALKS for t in self.sent):
            return  # "held telephone talks", "a video call"
        start, end = self.tokens[i]
        for tok in self.sent:
            if (placed or triggers) and (tok.text in triggers or _has_own_place(tok, placed)):
                continue  # "... met in Geneva": the meeting has its own place
            if start <= tok.i < end or (
                tok.lemma_.lower() not in LEAD_MEETINGS | {"visit"} and not _signs_agreement(tok)
            ):  # ("hours after Gandhi and President Jayewardene signed an accord": signed there)
                continue
            came = tok.head if tok.dep_ == "pobj" and tok.head.lower_ in ("for", "on") else None
            if came is not None and came.head.lemma_.lower() in ARRIVALS | {"be"} and tok.pos_ == "NOUN":
                tok = came.head  # "Weinberger arrived today for talks with President Aquino"
            elif tok.lemma_.lower() == "visit":
                continue
            clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head
            said = _reported(clause)
            signed = _signs_agreement(tok) and clause.dep_ == "advcl"  # "hours after X and Y signed a deal"
            if not (clause.dep_ in ("ROOT", "conj") or said or signed) or tok.pos_ not in ("VERB", "NOUN"):
                continue  # the lead's own news, not "said the talks it held last year ..."
            if tok.pos_ == "NOUN" and tok.dep_ not in ("dobj", "nsubj", "nsubjpass"):
                continue
            if not self._officials_present(tok):
                continue
            reading = self._meeting_reading(i, tok)
            if reading is not None:
                out[i].append(replace(reading, confidence=0.6))
            return

    def _after_header(self, indices: Iterable[int]) -> list[int]:
        """The mentions after the dateline's header: not "Lebanon" in "BEIRUT, Lebanon (AP) _"."""
        return [k for k in indices if k != self.dateline and self.mentions[k].start >= self.header_end]

    def _dateline_fighting(self, literal: list[int], out: dict[int, list[RoleReading]]) -> None:
        """'KABUL (Reuters) - A suicide car bomber killed 12 people on Monday': a wire lead that
        reports armed violence and names no place for it happens where its dateline is. Not when
        the lead names the dateline's own country ('WASHINGTON - U.S. forces killed 20 militants',
        'a U.S. warship was attacked'): the story is then told from home about fighting elsewhere."""
        i = self.dateline
        if i is None or i not in literal or self._after_header(literal) or out.get(i):
            return
        home = self.homes[i] or self.countries[i]
        if home is None or any(
            home in (self.countries[k], self.homes[k]) for k in self._after_header(range(len(self.mentions)))
        ):
            return
        if not _names_armed_force(self.sent):
            return  # "a man attacked his neighbour": a crime
        if any(
            t.ent_type_ == "NORP" or t.lower_ in ELSEWHERE_WORDS or t.lemma_.lower() in SETTLEMENT_NOUNS
            for t in self.sent
        ):
            return  # "Tamil rebels attacked an army camp in the north": whose forces, or somewhere else
        start, end = self.tokens[i]
        for tok in self.sent:
            if start <= tok.i < end or not _fighting(tok):
                continue
            clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head
            said = _reported(clause)
            if not (clause.dep_ == "ROOT" or said or (clause.dep_ == "conj" and clause.head.dep_ == "ROOT")):
                continue  # the lead's own news ("..., officials said"), not what was said of another time
            if tok.pos_ == "NOUN" and tok.dep_ not in ("dobj", "nsubj", "nsubjpass"):
                continue
            out[i].append(RoleReading(Role.CONFLICT, self.evidence, 0.6, trigger=tok.text))
            return

    def _only_place_of_fighting(self, literal: list[int], out: dict[int, list[RoleReading]]) -> None:
        """A sentence that reports fighting and puts only one place where things happen ('in',
        'near', 'across' X), none of its places read yet: the fighting is there, however far the
        parse hangs the place from the fighting word ('Israelis fire at a vehicle carrying a
        family in X, killing eleven')."""
        if any(r.role != Role.MENTION for i in literal for r in out.get(i, ())):
            return
        located = [
            i
            for i in literal
            if self.mentions[i].label in PLACED_LABELS
            and (root := self._root(i)).dep_ == "pobj"
            and root.head.lower_ in LOCATIVE_PREPOSITIONS
        ]
        if len(located) != 1:
            return
        trigger = next(
            (
                t
                for t in self.sent
                if (t.lower_ in STRONG_FIGHTING or _weapon_strike(t))
                and _fighting(t)
                and not _idle_weapon(t)
                and not _actors_say(t)
            ),
            None,
        )
        root = self._root(located[0])
        if any(_driven_out(t, root) for t in _clause_chain(root)[:3]):
            return  # where the fighting drove people to
        holder = root.head.head  # what "in X" belongs to
        verb = next((t for t in _clause_chain(root) if t.pos_ in ("VERB", "AUX")), None)
        if (
            trigger is None
            or self._actor(root, trigger)
            or _fled(trigger)
            or (holder.dep_ in ("nsubj", "nsubjpass") and holder.pos_ in ("NOUN", "PROPN"))
            or (verb is not None and verb.lemma_.lower() in REACTION_VERBS | {"say", "tell", "speak", "add"})
            or holder.lemma_.lower() in SPEAKER_NOUNS
        ):
            # "officials in X said the clashes ended", "protesters in X condemned the strikes", "claimed
            # the raid in a statement issued by its spokesman in X"
            return
        out[located[0]].append(RoleReading(Role.CONFLICT, self.evidence, 0.55, trigger=trigger.text))

    def _harm_after_attack(self, literal: list[int], out: dict[int, list[RoleReading]]) -> None:
        """'An Iranian missile strike hits 15 areas in Israel. A woman is seriously injured in Petah
        Tikva': people hurt in a place, right after a sentence that reports an attack, are hurt by
        it, though their own sentence names no weapon."""
        if any(r.role != Role.MENTION for i in literal for r in out.get(i, ())) or self.sent.start == 0:
            return
        before = self.doc[self.sent.start - 1].sent
        attack = next(
            (
                t
                for t in before
                if t.lower_ in AFTERMATH_OF
                and _fighting(t)
                and not _idle_weapon(t)
                and not _unreal_event(t)
                and not _actors_say(t)
            ),
            None,
        )
        if attack is None or (not _names_armed_force(before) and attack.lower_ in ("attack", "attacks")):
            return
        words = {t.lower_ for t in self.sent} | {t.lemma_.lower() for t in self.sent}
        if words & NOT_ARMED_WORDS or words & NATURAL_FORCES:
            return  # "... A man was killed in a car crash in X": something else hurt them
        for i in literal:
            root = self._root(i)
            if self.mentions[i].label not in PLACED_LABELS or root.dep_ != "pobj":
                continue
            prep, verb = root.head, root.head.head
            if prep.lower_ in ("in", "near", "across") and verb.lemma_.lower() in HURT_VERBS:
                out[i].append(RoleReading(Role.CONFLICT, self.evidence, 0.55, trigger=attack.text))

    def _historic(self, trigger: str | None = None) -> bool:
        """'the Japanese invasion of China during World War II', 'the 9/11 attacks on the US of
        2001', 'In 1946 the training center was established in Panama': fighting the sentence dates
        two years or more before the article is background history, not a conflict area now (the
        guide's 'article's timeframe or recent past'). A year that names a thing ('the 2015 Minsk
        agreement') dates nothing, and 'since 2011' reaches the present. An undated article is
        dated by the latest year it names. A year in a relative clause the fighting word is not in
        dates only that clause: 'captured Asmara on Friday, ending a war that began in 1961'."""
        if _YEARS_AGO.search(self.sent.text):
            return True  # "since four federal agents died 15 years ago during a raid"
        if any(t.lower_ in ("since", "ongoing") for t in self.sent):
            return False
        if self.era is not None:
            triggers = [t for t in self.sent if t.text == trigger]
            years = [
                int(y.text) for y in self._years_dated(self.sent) if not _dates_other_clause(y, triggers)
            ]
            if years:
                return max(years) <= self.era - 2
            if self._told_in_the_past():
                return True
        return _OLD_WARS.search(self.sent.text) is not None

    def _years_dated(self, sent: SpacySpan) -> list[Token]:
        assert self.era is not None
        return [t for t in sent if _YEAR.fullmatch(t.text) and _dates_clause(t) and int(t.text) <= self.era]

    def _told_in_the_past(self) -> bool:
        """'... when Allied troops stormed the beaches in 1944. More than 4,400 troops were killed on
        D-Day itself. The battle of Normandy lasted until late August': a sentence in the past tense
        with no date and no day of its own goes on with the history the last dated sentence before it
        (a few back at most) told, or that a story marking an anniversary tells."""
        assert self.era is not None
        root = self.sent.root
        if (
            root.tag_ != "VBD"
            or any(t.lower_ in RECENT_WORDS for t in self.sent)
            or any(_YEAR.fullmatch(t.text) for t in self.sent)  # "Essid's 2015 visit came amid attacks"
        ):
            return False
        if any(t.lower_ in ("anniversary", "anniversaries") for t in self.doc):
            return True  # a story marking an anniversary tells the past it marks
        sent = self.sent
        for _ in range(4):
            if sent.start == 0:
                return False
            sent = self.doc[sent.start - 1].sent
            if any(t.lower_ in RECENT_WORDS for t in sent):
                return False
            years = [int(y.text) for y in self._years_dated(sent)]
            if years:
                return max(years) <= self.era - 2
        return False

    def _not_armed_violence(self, trigger: str) -> bool:
        """'the victim was killed on the estate, prosecutor X said', 'arrested for allegedly
        attacking a man in X', 'flash floods hit a village in X', a rocket launched into orbit: a
        killing told as a criminal case, a police action or a disaster, with no armed force named,
        is the guide's 'ordinary crime' or no violence at all."""
        words = {t.lower_ for t in self.sent} | {t.lemma_.lower() for t in self.sent}
        if words & TEST_WORDS and words & set(WEAPON_NOUNS) and not words & (HURT_VERBS | VICTIM_VERBS):
            return True  # "fired two ballistic missiles off its east coast ... its first weapons test"
        if (
            trigger.lower() in ("killed", "killing", "kill", "kills")
            and self.sent.start > 0
            and not _names_armed_force(self.sent)
            and not words & NATURAL_FORCES
            and not any(_is(t, CONFLICT_WORDS) and t.lemma_.lower() != "kill" for t in self.sent)
        ):
            before = self.doc[self.sent.start - 1].sent
            if {t.lemma_.lower() for t in before} & NATURAL_FORCES and not _names_armed_force(before):
                return True  # "... before the storm arrived. At least ten people were killed there"
        if words & SPACE_WORDS and trigger.lower() in (
            "rocket",
            "rockets",
            "launch",
            "launched",
            "launches",
            "lifts",
        ):
            return True  # a space launch
        if any(
            t.text == trigger and c.dep_ in ("amod", "compound") and c.ent_type_ == "NORP"
            for t in self.sent
            for c in t.children
        ):
            return False  # "a series of Israeli raids in X": a state's forces, not the police
        if trigger.lower() in ("raid", "raids", "raided") and "arrest" in words and not words & DEADLY_WORDS:
            return True  # "forces raid the Green Zone, arresting 47 officials suspected of corruption"
        words -= {t.lower_ for t in self.sent if _harmed(t)} | {
            t.lemma_.lower() for t in self.sent if _harmed(t)
        }
        return bool(words & NOT_ARMED_WORDS) and not _names_armed_force(self.sent)

    def _unreal(self, trigger: str) -> bool:
        """'the U.S. could seize Kharg Island', 'rebels say they will march on Kinshasa', 'called
        off planned strikes against Iran', 'to prevent an attack on Beirut': fighting that is only
        possible, threatened, planned or averted has not happened (the guide's 'happens or
        happened')."""
        toks = [t for t in self.sent if t.text == trigger]
        return bool(toks) and all(_unreal_event(t) for t in toks)

    def _in_words(self, trigger: str) -> bool:
        """'Erdogan attacked the proclamation', 'Biden attacked Trump for his remarks': a person
        attacking words or another person with words is no armed attack."""
        for tok in self.sent:
            if tok.text != trigger or tok.lemma_.lower() not in ("attack", "slam", "hit", "blast", "target"):
                continue
            by_person = any(c.dep_ == "nsubj" and c.ent_type_ == "PERSON" for c in tok.children)
            objects = [c for c in tok.children if c.dep_ == "dobj"]
            if objects and all(o.lemma_.lower() in WORDS_NOT_PLACES for o in objects):
                return True  # "Republicans attacked the impeachment inquiry": no one attacks a plan with arms
            if by_person and objects and all(o.ent_type_ == "PERSON" for o in objects):
                return True
        return False

    def _fill_lists(self, literal: list[int], out: dict[int, list[RoleReading]]) -> None:
        """'the provinces of Paktia, Paktika, and Kunar': a place between two places of one list
        that share a meeting or a conflict shares it too (the parse may hang it elsewhere)."""
        text, s0 = self.evidence.text, self.evidence.start
        order = sorted(literal, key=lambda i: self.mentions[i].start)
        for a, b, c in zip(order, order[1:], order[2:], strict=False):
            if out.get(b):
                continue
            ma, mb, mc = self.mentions[a], self.mentions[b], self.mentions[c]
            gaps = (text[ma.end - s0 : mb.start - s0], text[mb.end - s0 : mc.start - s0])
            if not all(_LIST_GAP.fullmatch(g) for g in gaps):
                continue
            shared = [
                r
                for r in out.get(a, [])
                if r.role in (Role.CONFLICT, Role.MEETING) and any(x.role == r.role for x in out.get(c, []))
            ]
            if shared:
                out[b].append(shared[0])
        for a, b, c in zip(order, order[1:], order[2:], strict=False):
            ma, mb, mc = self.mentions[a], self.mentions[b], self.mentions[c]
            gaps = (text[ma.end - s0 : mb.start - s0], text[mb.end - s0 : mc.start - s0])
            if out.get(c) or not _LIST_GAP.fullmatch(gaps[0]) or not _LIST_END.fullmatch(gaps[1]):
                continue
            shared = [
                r
                for r in out.get(a, [])
                if r.role in (Role.CONFLICT, Role.MEETING) and any(x.role == r.role for x in out.get(b, []))
            ]
            if shared:  # "across Jwaya, Tayr Debba, and Tayr Felsay": the list's last place too
                out[c].append(shared[0])
        chain = order[:1]
        for prev, nxt in itertools.pairwise(order):
            gap = text[self.mentions[prev].end - s0 : self.mentions[nxt].start - s0]
            if _LIST_GAP.fullmatch(gap) and not _LIST_END.fullmatch(gap):
                chain.append(nxt)
                continue
            if _LIST_END.fullmatch(gap) and len(chain) >= 2:
                self._fill_from_head([*chain, nxt], out)  # "in Gaza City, Deir al-Balah, and al-Mawasi"
            chain = [nxt]

    def _fill_from_head(self, chain: list[int], out: dict[int, list[RoleReading]]) -> None:
        """A list whose first place alone was read: the rest share its meeting or conflict."""
        head = [r for r in out.get(chain[0], []) if r.role in (Role.CONFLICT, Role.MEETING)]
        if head and not any(out.get(i) for i in chain[1:]):
            for i in chain[1:]:
                out[i].append(head[0])

    # --- diplomatic posts ----------------------------------------------------------
    def _posts(self, literal: list[int]) -> dict[int, list[RoleReading]]:
        out: dict[int, list[RoleReading]] = {}
        for tok in self.sent:
            post_type = self._post_type(tok)
            places = self._places_of_post(tok, literal) if post_type is not None and not _no_post(tok) else []
            high = (
                tok.lower_ in ("commissioner", "commissioners")
                and tok.i > 0
                and self.doc[tok.i - 1].lower_ == "high"
            )
            if post_type is None and (tok.lower_ in SEATED_ENVOYS or high):
                post_type = "high_commission" if high else SEATED_ENVOYS[tok.lower_]
                places = self._seat_of_envoy(tok, literal)
            for i in places:
                owner = self._owner(tok, i)
                status = self._status(tok)
                out.setdefault(i, []).append(
                    RoleReading(
                        Role.DIPLOMATIC_POST,
                        self.evidence,
                        0.85,
                        post_type=post_type,
                        owner=owner,
                        status=status,
                        trigger=tok.text,
                    )
                )
                if (status == PostStatus.ATTACKED or _blast_at(tok)) and _names_armed_force(self.sent):
                    # "the US embassy in Baghdad is attacked with four rockets": armed violence there
                    # (not "protesters stormed the embassy")
                    out[i].append(RoleReading(Role.CONFLICT, self.evidence, 0.7, trigger=tok.text))
        return out

    def _home_of(self, place: int, words: list[Token]) -> bool:
        """'Georgian President Mikheil Saakashvili' flying to Tbilisi: the words name the place's own
        country."""
        home = self.homes[place]
        return home is not None and any(
            self.countries[j] == home and a <= t.i < b for t in words for j, (a, b) in enumerate(self.tokens)
        )

    def _at_home(self, place: int, people: Token) -> bool:
        """'Turkish mediators in Ankara': people of the place's own country, at home there."""
        return self._home_of(place, [c for c in people.children if c.dep_ in ("amod", "compound", "nmod")])

    def _seat_of_envoy(self, tok: Token, literal: list[int]) -> list[int]:
        """'the U.S. chargé d'affaires in Copenhagen', 'recalls its ambassador from Algiers': an
        envoy's seat is where the post is."""
        if any(c.lower_ in ("honorary", "goodwill", "brand", "cultural", "youth") for c in tok.children):
            return []  # "an honorary ambassador in Korea" holds no post
        k = tok.i + 1
        while k < self.sent.end and self.doc[k].lower_ in ("d'affaires", "d'", "affaires", "-", "general"):
            k += 1
        if k + 1 < self.sent.end and self.doc[k].text == "," and self.doc[k + 1].ent_type_ == "PERSON":
            named = k + 1  # "India's deputy high commissioner, Gaurav Ahluwalia, in Islamabad"
            while named < self.sent.end and self.doc[named].ent_type_ == "PERSON":
                named += 1
            if named < self.sent.end and self.doc[named].text == ",":
                k = named + 1
        if k >= self.sent.end:
            return []
        if self.doc[k].lower_ == "in":
            return self._place_list_from(k + 1, literal)
        withdrawn = any(t.lemma_.lower() in ("recall", "withdraw", "expel", "pull") for t in tok.ancestors)
        if self.doc[k].lower_ == "from" and withdrawn:
            return self._place_list_from(k + 1, literal)
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() == "return":
            owner = self._owner(tok, -1)  # "the U.S. ambassador", "Algeria says its ambassador"
            for c in tok.head.children:  # "Algeria says its ambassador will return to Mali": the post again
                if c.dep_ == "prep" and c.lower_ == "to" and owner is not None:
                    # (not "the U.S. ambassador returned to Washington": home, not the post)
                    return [
                        i
                        for i in self._place_list_from(c.i + 1, literal)
                        if owner not in (self.countries[i], self.homes[i])
                    ]
        return []

    def _post_type(self, tok: Token) -> str | None:
        low = tok.lower_
        prev = self.doc[tok.i - 1].lower_ if tok.i > 0 else ""
        if (prev, low) in POST_PHRASES:
            return POST_PHRASES[(prev, low)]
        if low in ("bureau", "bureaus") and prev in ("'s", "’s") and self.doc[tok.i - 2].lower_ == "people":
            return "embassy"  # "the Libyan People's Bureau in London": Libya's embassies of the 1980s
        if low in ("mission", "missions", "residence"):
            prev = self.doc[tok.i - 1].lower_ if tok.i > 0 else ""
            # (not any "'s": "the President's Residence in Jerusalem" is no post)
            ok = prev in ("permanent", "diplomatic", "ambassador", "ambassador's") or any(
                t.lower_ in ("ambassador", "diplomatic", "permanent")
                for t in self.doc[max(tok.i - 3, 0) : tok.i]
            )
            ends = (tok.i, tok.i - 1) if prev in ("'s", "’s") else (tok.i,)
            national = any(  # "the Indian mission", "the Kenya mission", "Ghana's mission": a country's
                self.countries[j] and self.tokens[j][1] in ends for j in range(len(self.mentions))
            )
            return POST_NOUNS[low] if ok or national else None
        after = [t.lower_ for t in self.doc[tok.i + 1 : tok.i + 3]]
        if low in ("consulate", "consulates") and after == ["-", "general"]:
            return "consulate_general"  # "consulate-general" is three tokens
        return POST_NOUNS.get(low)

    def _places_of_post(self, tok: Token, literal: list[int]) -> list[int]:
        """'consulate in X(, Y and Z)', 'X consulate', 'X, where there is a consulate'."""
        found: list[int] = []
        hosts: set[int] = set()  # a host country whose cities the sentence names instead
        k = tok.i + 1
        while k < self.sent.end and k - tok.i <= 2 and self.doc[k].lower_ in POST_ANNEXES | {"-"}:
            k += 1
        at_post = [
            i
            for i in literal
            if self.tokens[i][0] <= tok.i < self.tokens[i][1] and self.mentions[i].label == "REF"
        ]
        if at_post:  # "WASHINGTON (AP) _ The Soviet Embassy said": the dateline city (extraction.datelines)
            found = at_post
        elif k < self.sent.end and self.doc[k].lower_ == "here":  # "the embassy here": the dateline city
            found = [i for i in literal if self.tokens[i][0] == k]
            if found:
                return found  # (not "the embassy here warned Americans in Kenya": whom it warned)
        elif k < self.sent.end and self.doc[k].lower_ == "there":
            # "U.S. interests in Kabul now that the American embassy there has closed": the place named
            # last before it in the sentence
            before = [
                i for i in literal if self.tokens[i][1] <= tok.i and self.mentions[i].label in PLACED_LABELS
            ]
            found = before[-1:] if before and self._root(before[-1]).dep_ == "pobj" else []
        elif k == tok.i + 1 and tok.is_title and tok.lower_ in ("embassy", "consulate"):
            # "the British Embassy Tokyo", "U.S. Embassy Baghdad": the post's name ends with its city
            found = [i for i in literal if self.tokens[i][0] == k and self.countries[i] is None]
        elif k < self.sent.end and self.doc[k].lower_ in ("in", "at", "to", "from"):
            found = self._place_list_from(k + 1, literal)
            after = max((self.tokens[i][1] for i in found), default=k)
            if (
                self.doc[k].lower_ in ("in", "at")
                and after < self.sent.end
                and self.doc[after].lower_ == "from"
            ):
                # "move its embassy in Israel from Tel Aviv to Jerusalem": the cities, not the country
                moved = self._place_list_from(after + 1, literal)
                if moved and all(self.countries[i] is not None for i in found):
                    hosts, found, k = set(found), moved, after
                    after = max(self.tokens[i][1] for i in found)
            if self.doc[k].lower_ == "from" and after < self.sent.end and self.doc[after].lower_ == "to":
                found += self._place_list_from(after + 1, literal)  # "moved its embassy from X to Y"
        found += [i for i in self._seat_of_accredited_post(tok, literal) if i not in found]
        first = tok.i - 1 if tok.i > 0 and (self.doc[tok.i - 1].lower_, tok.lower_) in POST_PHRASES else tok.i
        for i in literal:
            _start, end = self.tokens[i]
            possessive = end == first - 1 and self.doc[end].lower_ in ("'s", "’s")
            if self.countries[i] is None and (end == first or possessive):  # "Kandahar consulate"
                found.append(i)
        if not found:
            found = self._seat_of_post_clause(tok, literal)
        window = [t.lower_ for t in self.doc[max(tok.i - 5, self.sent.start) : tok.i]]
        if "where" in window and not found:
            where = (
                tok.i - 5 + window.index("where")
                if tok.i - 5 >= self.sent.start
                else self.sent.start + window.index("where")
            )
            before = [i for i in literal if self.tokens[i][1] <= where and self.mentions[i].label != "AREA"]
            if before:
                found.append(max(before, key=lambda i: self.tokens[i][1]))
        if not found:
            found = self._set_in(tok, literal)
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in ("operate", "work", "function"):
            seats = [  # "the US embassy to Libya has operated from neighbouring Tunis": where it works now
                i
                for i in literal
                for prep in tok.head.children
                if prep.dep_ == "prep" and prep.lower_ in ("from", "in", "out")
                for place in prep.subtree
                if place.dep_ == "pobj" and self.tokens[i][0] <= place.i < self.tokens[i][1]
            ]
            if seats:
                found = [i for i in found if self.countries[i] is None] + seats
        return [i for i in found if i not in hosts]

    def _set_in(self, post: Token, literal: list[int]) -> list[int]:
        """'In Brussels, students occupied part of Zaire's embassy': a post named with no place of its
        own, in a sentence that opens by setting itself in a city, is in that city (not its owner's)."""
        first = self.doc[self.sent.start]
        if first.lower_ != "in" or post.i - self.sent.start > 15:
            return []
        opening = [
            i
            for i in literal
            if self.tokens[i][0] == self.sent.start + 1
            and self.mentions[i].label in ("GPE", "GAZ")
            and self._root(i).head == first
            and first.head.pos_ in ("VERB", "AUX")
        ]
        owners = {self.countries[j] for j in literal if self.tokens[j][1] <= post.i and j not in opening} - {
            None
        }
        if not owners:
            return []  # "In Washington, the State Department said the embassy would stay open": whose?
        return [
            i
            for i in opening
            if self.tokens[i][1] < len(self.doc)
            and self.doc[self.tokens[i][1]].text == ","
            and self.homes[i] is not None
            and self.homes[i] not in owners
        ]

    def _seat_of_accredited_post(self, tok: Token, literal: list[int]) -> list[int]:
        """'mission to the African Union in Addis Ababa': the post is where the body it is
        accredited to sits (whether the parser hangs 'in X' on the body or on the post)."""
        heads = [tok] + [
            body
            for prep in tok.children
            if prep.dep_ == "prep" and prep.lower_ == "to"
            for body in prep.children
            if body.dep_ == "pobj"
        ]
        return self._places_in(heads, literal)

    def _seat_of_post_clause(self, tok: Token, literal: list[int]) -> list[int]:
        """'the consulate, located in Erbil', 'a new embassy opened its doors in Juba': the post's
        own clause says where it is."""
        heads = [c for c in tok.children if c.dep_ in ("acl", "relcl")]
        if tok.dep_ in ("nsubj", "nsubjpass"):
            heads.append(tok.head)
        return self._places_in(heads, literal)

    def _places_in(self, heads: list[Token], literal: list[int]) -> list[int]:
        """Mentions that are the object of an 'in' / 'at' hung on one of ``heads``."""
        seats = [
            place.i
            for head in heads
            for inner in head.children
            if inner.dep_ == "prep" and inner.lower_ in ("in", "at")
            for place in inner.children
            if place.dep_ == "pobj"
        ]
        return [i for i in literal if any(self.tokens[i][0] <= k < self.tokens[i][1] for k in seats)]

    def _place_list_from(self, k: int, literal: list[int]) -> list[int]:
        """Mentions starting at token k and joined by ',' / 'and'."""
        found = []
        starts = {self.tokens[i][0]: i for i in literal}
        if k not in starts and k < self.sent.end and self.doc[k].lower_ in COMPASS_POINTS | COMPASS_ADJ:
            k += 1  # "the U.S. Embassy annex in east Beirut"
        while k in starts:
            i = starts[k]
            found.append(i)
            k = self.tokens[i][1]
            while k < self.sent.end and self.doc[k].lower_ in (",", "and", "or"):
                k += 1
        return found

    def _owner(self, tok: Token, place: int) -> str | None:
        """'Indian consulate' / 'the embassy of India' / 'its consulate' (its = a country before)."""
        for i, m in enumerate(self.mentions):
            if i == place or self.countries[i] is None:
                continue
            start, end = self.tokens[i]
            if (
                (m.label == "ADJ" or m.kind_hint in (None, "country"))
                and 0 <= tok.i - end <= 2
                and not (start > 0 and self.doc[start - 1].lower_ in ("in", "at"))
            ):
                return self.countries[i]  # "the Indian embassy", "the US embassy"
            if end < len(self.doc) and self.doc[end].lower_ in ("'s", "’s") and 0 <= tok.i - end - 1 <= 2:
                return self.countries[i]  # "Canada's high commission"
            if start == tok.i + 2 and self.doc[tok.i + 1].lower_ == "of":
                return self.countries[i]
        prev = self.doc[tok.i - 1].lower_ if tok.i > 0 else ""
        if prev in ("its", "their", "our"):
            before = [
                i
                for i in range(len(self.mentions))
                if self.tokens[i][1] <= tok.i
                and i != place
                and self.countries[i]
                and self.mentions[i].label != "EMB"
            ]
            if before:
                return self.countries[max(before, key=lambda i: self.tokens[i][1])]
        return None

    def _status(self, post: Token) -> PostStatus | None:
        best: tuple[int, PostStatus] | None = None
        for tok in self.sent:
            status = STATUS_CUES.get(tok.lower_)
            if (
                status is None
                and tok.lower_ == "no"
                and any(t.lower_ in STAFF_WORDS for t in tok.subtree or [tok])
            ):
                status = PostStatus.UNSTAFFED
            if (
                status is None
                and tok.lower_ == "no"
                and any(t.lower_ in STAFF_WORDS for t in self.doc[tok.i + 1 : min(tok.i + 6, self.sent.end)])
            ):
                status = PostStatus.UNSTAFFED
            if status is None or self._negated(tok):
                continue
            if status in (PostStatus.EVACUATED, PostStatus.CLOSED) and self._hedged():
                status = PostStatus.AT_RISK
            distance = abs(tok.i - post.i)
            if best is None or distance < best[0]:
                best = (distance, status)
        return best[1] if best else None

    def _negated(self, tok: Token) -> bool:
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        return any(
            t.lower_ in NEGATIONS
            for t in self.doc[max(tok.i - 3, self.sent.start) : tok.i]
            if t.lower_ != "no"
        )

    def _hedged(self) -> bool:
        return any(t.lower_ in HEDGES for t in self.sent)

    # --- meetings and conflict ------------------------------------------------------
    def _meeting_or_conflict(self, i: int, owners: set[str | None]) -> RoleReading | None:
        """The first meeting or conflict word that governs the place decides ('talks in Doha',
        'the war in Ukraine', 'seized the town of Sudzha'); then looser patterns."""
        if self.countries[i] in owners:
            return None  # the country whose embassy the sentence is about acts; it is not the venue
        if i == self.dateline:  # where its parse hangs a dateline says nothing: _dateline_meeting, _fighting
            return None
        root = self._root(i)
        if describes_a_place(self._span_root(i)):
            return None  # "the Gulf state of Bahrain": what kind of place Bahrain is
        dislodged = _dislodged_from(root)
        if dislodged is not None:  # (before "from X" is read as where an attack came from)
            return RoleReading(Role.CONFLICT, self.evidence, 0.7, trigger=dislodged.text)
        if root.dep_ == "pobj" and root.head.dep_ == "agent":
            return None  # "the attack was condemned by Paris": who does it, not where
        prep = root.head if root.dep_ == "pobj" else None
        if prep is not None and prep.lower_ == "by":
            return None  # "killed in an airstrike on his compound by Israel": the doer, not the place
        if (
            root.dep_ in ("compound", "amod", "poss", "nmod")
            and root.head.dep_ == "pobj"
            and root.head.head.lower_ == "by"
            and self.mentions[i].label
            != "DEM"  # "intercepted by the Israeli military": the defender's ground
        ):
            return None  # "intercepted by a United States warship": whose, the doer's
        if (
            prep is not None
            and prep.lower_ in ("towards", "toward")
            and prep.head.lemma_.lower() not in ("fire", "launch", "lob")  # "rockets fired towards X" hit it
            and _fell(root) is None  # "towards Novoazovsk, a border town that fell to the rebels"
        ):
            return None  # "gunmen heading towards X", "forces trying to advance towards X": not there yet
        if (
            self.countries[i] is not None
            and root.dep_ in ("compound", "amod", "nmod")
            and (
                root.head.lower_ in CONFLICT_ACTORS
                or root.head.lemma_.lower() in ("personnel", "soldier", "base")
            )
        ):
            return None  # "missiles at two Iraqi bases hosting US and coalition troops": whose troops
        if (
            self.countries[i] is not None
            and root.dep_ in ("compound", "amod", "poss", "nmod")
            and _placed_elsewhere(root.head, near=root.dep_ == "poss")
        ):
            return None  # "the U.S. military base in Kuwait", "Turkey's troops in Syria": whose
        if (
            prep is not None
            and prep.lower_ in ("of", "for")
            and (prep.head.lemma_.lower() in OWNED_BODIES or prep.head.lower_ in CONFLICT_ACTORS)
        ):
            return None  # "the armed forces of Egypt", "the Hezbollah commander for Iraq": whose
        if root.dep_ == "compound" and root.head.lemma_.lower() in AGREEMENT_NOUNS:
            return None  # "in violation of the Minsk agreement": a name, not a place of fighting
        if _party_to_agreement(root):
            return None  # "the ceasefire between Iran and the United States": parties, not places
        if self._beside_the_fighting(i, root, prep):
            self.vetoed.add(i)  # (the learned reader is told: it adds no conflict here either)
            return None
        if (
            root.dep_ in ("dobj", "pobj")
            and (verb := root.head if root.dep_ == "dobj" else root.head.head).lemma_.lower()
            in ("reach", "filter")
            and verb.head.lemma_.lower() in NEWS_NOUNS
        ):
            return None  # "according to reports reaching Bangkok": where the news arrives
        if prep is not None and (
            (prep.lower_ == "between" and prep.head.lemma_.lower() in ROUTE_NOUNS | {"city", "town"})
            or (prep.lower_ == "between" and prep.i > 0 and self.doc[prep.i - 1].text == ",")
            or (prep.lower_ in ("into", "to") and prep.head.lemma_.lower() in ("crossing", "gateway"))
        ):
            return None  # "cutting the main link between Beirut and Damascus", "the crossing into Syria"
        if prep is not None and prep.lower_ == "with" and prep.head.lemma_.lower() in BORDER_NOUNS:
            return None  # "fighting in an area near the border with Georgia": the guide's "near the border"
        if (
            root.dep_ in ("compound", "nmod", "amod")
            and root.head.lemma_.lower() in BORDER_NOUNS
            and root.head.dep_ == "pobj"
            and root.head.head.lower_ in ("near", "to")
        ):
            return None  # "a strike in Majdal Anjar, Lebanon, near the Lebanon–Syria border"
        if prep is not None and prep.lower_ in ("with", "to") and _is(prep.head, ALLEGIANCE_WORDS):
            return None  # "troops aligned with South West State", "forces loyal to Damascus": a side
        if prep is not None and prep.lower_ == "of" and prep.head.ent_type_ == "PERSON":
            return None  # "a fight with Anthony Gillen of Kansas City": where a person is from
        if measured_from(self.doc.text, self.doc[self.tokens[i][0]].idx):
            return None  # "villages around 70 km of Mogadishu": a distance's reference point
        if (
            root.dep_ == "compound"
            and root.head.lemma_.lower() in ("town", "city", "village", "port", "resort")
            and any(c.dep_ == "prep" and c.lower_ == "of" for c in root.head.children)
        ):
            return None  # "the Red Sea port town of Mokha": the name only describes the town
        if root.dep_ == "compound" and (root.head.lower_ in PERSON_TITLES or _titles_a_person(root)):
            return None  # "Darfur Governor Minni Minnawi", "the Kabul governor": an office
        if (
            prep is not None
            and prep.lower_ == "of"
            and prep.head.lower_ in COMPASS_POINTS
            and not any(c.dep_ in ("det", "poss") for c in prep.head.children)
            and self.countries[i] is not None
        ):  # "struck by a projectile northeast of Oman": off its coast, not in it ("the north of Mali" is)
            return None
        venue = self._venue(i, root)
        if venue is not None:
            return venue
        where = _fighting_where(root)
        if where is not None:
            return RoleReading(Role.CONFLICT, self.evidence, 0.7, trigger=where.text)
        suffered = _undergoes(root)
        if suffered is not None:
            return RoleReading(Role.CONFLICT, self.evidence, 0.7, trigger=suffered.text)
        fallen = _fell(root) or _taken_by_force(root)
        if fallen is not None:
            return RoleReading(Role.CONFLICT, self.evidence, 0.7, trigger=fallen.text)
        defence = _defends(root)
        if defence is not None:
            return RoleReading(Role.CONFLICT, self.evidence, 0.7, trigger=defence.text)
        if root.dep_ == "poss" and (
            root.head.ent_type_ in ("ORG", "PERSON") or root.head.lemma_.lower() in OWNED_BODIES
        ):
            return None  # "the head of Iran's Quds Force", "Israel's military": whose, not where
        speech = self._visitor_speaking(i, root.head) if root.dep_ == "pobj" else None
        if speech is not None:  # "U.S. Secretary of State George Shultz told reporters in Tokyo"
            reading = self._meeting_reading(i, speech)
            if reading is not None:
                return replace(reading, confidence=0.6)
        told = self._where_clause(i)
        if told is not None:  # "the Turkish resort of Antalya, where the foreign ministers met"
            return told
        chain = _clause_chain(root)
        if any(_driven_out(tok, root) for tok in chain[:3]):
            return None  # "the fighting has sent 250,000 refugees across the border into Tanzania"
        if any(
            (t.dep_ == "appos" and self._mention_at(t.head.i))
            or (t.lower_ == "home" and any(c.lower_ == "to" for c in t.children))
            for t in chain[1:3]
        ):
            return None  # "fired towards Mingachevir, home to the country's largest plant": describes it
        for hop, tok in enumerate(chain):
            if (
                any(
                    c.dep_ in ("nsubj", "nsubjpass")
                    and ((_is(t, CONFLICT_WORDS) and _fighting(t)) or _counts_fighting(t))
                    and not _actors_say(t)  # "rebels say they will march on X"
                    and not _idle_weapon(t)
                    and not (t.lower_ in CONFLICT_ACTORS and tok.lemma_.lower() in POSTING_VERBS)
                    and not (
                        t.lemma_.lower() in ("ceasefire", "truce") and tok.lemma_.lower() in SETTLING_VERBS
                    )
                    for c in tok.children
                    for t in (c, *c.conjuncts)  # "looting and sporadic gunfire is reported in X"
                )
                and root.dep_ != "nsubj"
                and not any(_is(t, MEETING_WORDS) and t.pos_ == "NOUN" for t in chain[1:hop])
                # ("the timing of the offensive appeared linked to the summit, due to open in Kuwait")
                and tok.lemma_.lower() not in JUDGING_VERBS  # "the attack was condemned in Paris"
                and tok.lemma_.lower() not in PEACEFUL_ACTS  # "in Eshera, Abkhaz fighters celebrated"
            ):
                return RoleReading(
                    Role.CONFLICT, self.evidence, 0.7, trigger=tok.text
                )  # "fighting continued in X"
            if (
                hop
                and tok.pos_ == "NOUN"
                and not _is(tok, MEETING_WORDS)  # "ceasefire talks in X" are talks
                and tok.lemma_.lower() not in ARMED_BODIES  # "a banned militant organization in X"
                and tok.lower_ not in DELEGATE_NOUNS  # "received a rebel delegation in the Kremlin"
                and any(
                    c.dep_ in ("amod", "compound")
                    and _is(c, CONFLICT_WORDS)
                    and _fighting(c)
                    and not _proposed_truce(c)
                    for c in tok.children
                )
            ):  # "the deteriorating security situation in X, ... met in Y": the nearer word decides
                return RoleReading(Role.CONFLICT, self.evidence, 0.65, trigger=tok.text)
            if (
                (
                    _is(tok, MEETING_WORDS)
                    or _talks_with(tok)
                    or _round_of_talks(tok) is not None
                    or (_signs_agreement(tok) and root.dep_ == "pobj" and root.head.lower_ in ("in", "at"))
                )
                and self._meeting_link(i, root, hop)
                and not any(t.lemma_.lower() in TOPIC_VERBS or t.lower_ in TOPIC_PREPS for t in chain[:hop])
                and not _agreement_about(chain[:hop])
                and not any(_errand(t) for t in chain[:hop])
            ):  # not "meet in Paris to discuss a peacekeeping force in Ukraine": Ukraine is the topic
                reading = self._meeting_reading(i, _round_of_talks(tok) or tok)
                if reading is not None or not _no_meeting_of_officials(tok):
                    return reading
                continue  # "an airstrike on a funeral gathering in the town of X": read on
            if root.head.lower_ == "of" and _takes_control(tok) and _controlled_place(chain[:hop]):
                return RoleReading(Role.CONFLICT, self.evidence, 0.7, trigger=tok.head.text)
            if (
                root.dep_ == "pobj"
                and _carries_conflict(tok)
                and not self._actor(root, tok)
                and not _topic_of_meeting(chain[hop + 1 : hop + 3])
            ):
                return RoleReading(Role.CONFLICT, self.evidence, 0.7, trigger=tok.text)
            if _fighting(tok) or _situation_worsens(tok) or _weapons_used_against(tok):
                if self.countries[i] in owners or self._actor(root, tok):
                    return None
                if any(t.dep_ == "appos" and self._mention_at(t.head.i) for t in chain[:hop]):
                    return None  # "captured Islam Qala, the main crossing into Iran": Iran describes it
                return RoleReading(Role.CONFLICT, self.evidence, 0.75, trigger=tok.text)
            attack = _harm_of_attack(tok) if hop and root.dep_ == "pobj" else None
            if attack is not None and not self._actor(root, attack):
                return RoleReading(Role.CONFLICT, self.evidence, 0.65, trigger=attack.text)
            suffered = _by_fighting(tok) if root.dep_ == "pobj" else None
            if suffered is not None:  # "29 are injured by Israeli fire near sites in X"
                return RoleReading(Role.CONFLICT, self.evidence, 0.7, trigger=suffered.text)
            cause = _harm_from_fighting(tok) if root.dep_ in ("pobj", "poss") else None
            if cause is not None and not self._actor(root, cause):
                # "houses in X collapsed due to artillery strikes", "a fire breaks out at a depot
                # in X following a drone attack", "X's pipeline is damaged in an attack"
                return RoleReading(Role.CONFLICT, self.evidence, 0.65, trigger=cause.text)
        meeting = self._meeting_by_pattern(i, root, chain)
        if meeting is not None:
            return meeting
        if self.countries[i] in owners:
            return None
        return self._conflict_by_clause(root, chain)

    def _beside_the_fighting(self, i: int, root: Token, prep: Token | None) -> bool:
        """Where a place stands beside the fighting its sentence tells of, without being its place."""
        return (
            _launched_from(root)  # "drones from Iran", "rockets fired from Gaza": the attacker's home
            or _based_or_made_in(root)  # "Jaish-e-Mohammad, which is based in Bahawalpur"
            # "according to shipping sources in Bahrain"
            or (
                prep is not None
                and prep.lower_ in ("in", "from")
                and prep.head.lemma_.lower() in SOURCE_NOUNS
            )
            or _refuge(root)  # "sending 150,000 Serbs fleeing into Bosnia", "150,000 who crossed into Niger"
            # "the conflict has strained ties between Russia and Ukraine"
            or (prep is not None and prep.lower_ == "between" and prep.head.lemma_.lower() in RELATION_NOUNS)
            # "a country the size of western Europe"
            or (prep is not None and prep.lower_ == "of" and prep.head.lemma_.lower() == "size")
            # "the top U.S. diplomat for Africa": a portfolio
            or (prep is not None and prep.lower_ == "for" and prep.head.lemma_.lower() in TITLE_WORDS)
            # "killed a US civilian contractor", "the former Soviet air force general"
            or _nationality_of_people(root, self.countries[i] is not None)
            or _place_speaks(root)  # "what New Delhi called a militant camp", "an allegation Baku denies"
            # "the radio, monitored in Nicosia, said": where a broadcast is heard
            or (prep is not None and prep.lower_ == "in" and prep.head.lemma_.lower() == "monitor")
        )

    def _venue(self, i: int, root: Token) -> RoleReading | None:
        """'Athens was the venue for the talks', 'X played host to a summit', 'X has been the
        scene of heavy fighting': the place is the subject, the event hangs on the noun."""
        verb = root.head
        if root.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_.lower() not in (
            "be",
            "become",
            "remain",
            "play",
        ):
            return None
        nouns = [c for c in verb.children if c.dep_ in ("attr", "dobj") and c.lemma_.lower() in VENUE_NOUNS]
        if not nouns:
            return None
        own = {t.i for t in root.subtree} | {n.i for n in nouns}
        clause = [t for c in verb.children if c.dep_ not in ("conj", "cc") for t in c.subtree]
        for tok in (t for t in clause if t.i not in own):  # "host to talks", "venue for talks"
            if _is(tok, MEETING_WORDS):
                return self._meeting_reading(i, tok)
            if _is(tok, CONFLICT_WORDS):
                return RoleReading(Role.CONFLICT, self.evidence, 0.7, trigger=tok.text)
        return None

    def _mention_at(self, token: int) -> bool:
        return any(a <= token < b for a, b in self.tokens)

    def _span_root(self, i: int) -> Token:
        """The highest token of mention i's words in the parse."""
        start, end = self.tokens[i]
        return min(self.doc[start:end], key=_depth) if end > start else self.doc[start]

    def _talks_nearby(self) -> bool:
        """The sentence or the one before it speaks of talks: a bare "round" is one of them."""
        sents = [self.sent]
        if self.sent.start > 0:
            sents.append(self.doc[self.sent.start - 1].sent)
        return any(t.lemma_.lower() in TALK_LEMMAS for sent in sents for t in sent)

    def _where_clause(self, i: int) -> RoleReading | None:
        """A clause on the place's own name that says what happens there: 'Antalya, where the two
        countries' foreign ministers met', 'Iraq, where fighting has raged for six years'."""
        for clause in self._span_root(i).children:
            if clause.dep_ != "relcl" or not any(
                c.lower_ == "where" and c.dep_ == "advmod" for c in clause.children
            ):
                continue
            if _is(clause, MEETING_WORDS) or _talks_with(clause):
                return self._meeting_reading(i, clause)
            held = next(  # "where he held (more than four hours of) talks with ..."
                (
                    t
                    for c in clause.children
                    if c.dep_ == "dobj"
                    for t in (c, *(g for p in c.children if p.lower_ == "of" for g in p.children))
                    if _is(t, MEETING_WORDS)
                ),
                None,
            )
            if held is not None and clause.lemma_.lower() in ("hold", "have", "open", "begin", "sign"):
                return self._meeting_reading(i, held)  # "flew to Conakry, where he held talks with ..."
            words = {t.lower_ for t in clause.subtree}
            if words & (NOT_ARMED_WORDS | PROTEST_WORDS | {"supporters"}):
                return None  # "Punjab, where his supporters fought running battles with police"
            fighting = [s for s in _subjects(clause) if _is(s, CONFLICT_WORDS) and _fighting(s)]
            if fighting or (_is(clause, CONFLICT_WORDS) and _fighting(clause)):
                return RoleReading(Role.CONFLICT, self.evidence, 0.7, trigger=(fighting or [clause])[0].text)
        return None

    def _root(self, i: int) -> Token:
        root = self._span_root(i)
        end = self.tokens[i][1]
        if root.dep_ == "compound" and root.head.lower_ in AREA_NOUNS and root.head.i == end:
            root = root.head  # "their offensive into Bari region": the region's noun carries the place
        elif (
            root.dep_ == "compound"
            and root.head.lower_ in ("airport", "airbase")
            and root.head.i == end
            and root.head.dep_ == "pobj"
            and root.head.head.lower_ in ("at", "in", "near")
        ):
            root = root.head  # "signed at Sarajevo airport": the city's airport is in the city
        elif root.dep_ == "poss" and root.head.lemma_.lower() in CITY_PARTS:
            root = root.head  # "raids on Beirut's southern suburbs": the city's parts are the city
        while root.head.i < root.i and (
            root.dep_ == "conj"  # "in Kyiv, Kharkiv and Odesa"
            or (
                root.dep_ == "appos" and self._listed_country(i, root.head)
            )  # "Saudi Arabia, the UAE and Oman"
        ):
            root = root.head
        named = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
        if (
            named is not None
            and named.lower_ in NAMING_NOUNS
            and named.dep_ == "pobj"
            and any(c.dep_ == "det" and c.lower_ in ("the", "a") for c in named.children)
        ):
            root = named  # "met rebel leaders in the village of La Palma": the village is the place
        return root

    def _listed_country(self, i: int, head: Token) -> bool:
        """Mention i is a country set beside another country (a list the parser read as an apposition),
        not the country of a town before it ("in Malard, Iran")."""
        return self.countries[i] is not None and any(
            a <= head.i < b and self.countries[k] is not None and self.countries[k] != self.countries[i]
            for k, (a, b) in enumerate(self.tokens)
        )

    def _meeting_link(self, i: int, root: Token, hop: int) -> bool:
        """The place is where the meeting is: 'in / at X', 'visit to X', 'visit X'."""
        prep = root.head if root.dep_ == "pobj" else None
        if prep is not None and prep.lower_ in ("in", "at", "near", "outside"):
            return hop <= 5  # "met ... his counterpart Atmar in Dushanbe"
        if root.lower_ == "here" and root.dep_ == "advmod":
            return hop <= 3  # "talks here", the dateline city (extraction.datelines)
        if hop > 3:
            return False
        if (
            prep is not None
            and prep.lower_ == "between"
            and prep.head.lemma_.lower() in ("travel", "shuttle", "diplomacy")
        ):
            verb = prep.head
            if verb.lemma_.lower() == "diplomacy":  # (not "diplomacy between Iran and the United States")
                return hop <= 2 and any(c.lower_ == "shuttle" for c in verb.children)
                # "months of shuttle diplomacy between Belgrade, Zagreb and Sarajevo"
            who = [*_subjects(verb), *([verb.head] if verb.dep_ == "relcl" else [])]
            for above in list(verb.ancestors)[:3]:  # "Haig spent much of April shuttling between London and"
                if who:
                    break
                who = _subjects(above) if above.pos_ == "VERB" else []
            # "the mediator travelled between Islamabad and Kabul": both are visited (not "the Boeing
            # 727 shuttled twice between Beirut and Algiers")
            return hop <= 2 and any(
                t.ent_type_ == "PERSON" or t.lower_ in TITLE_WORDS for w in who for t in w.subtree
            )
        if prep is not None and prep.lower_ in ("to", "through"):  # "began a diplomatic trip through Qatar"
            # (a date the parse hangs the place on is passed over: "travel on the same day to Prague")
            return any(
                _is(t, VISIT_WORDS) or any(c.dep_ == "dobj" and _is(c, VISIT_WORDS) for c in t.children)
                for t in [a for a in list(root.ancestors)[:5] if a.ent_type_ != "DATE"][:3]
            )
        return root.dep_ == "dobj" and _is(root.head, VISIT_WORDS)

    def _meeting_by_pattern(self, i: int, root: Token, chain: list[Token]) -> RoleReading | None:
        start, end = self.tokens[i]
        if (
            root.dep_ == "pobj"
            and root.head.lower_ in ("in", "from")
            and len(chain) > 1
            and chain[1].lemma_.lower() in ATTITUDE_VERBS
        ):
            return None  # "In Kigali, Rwandan officials welcomed the talks": where they reacted
        named = self._named_meeting(start, end)
        if named is not None and self.countries[i] is None:
            # "the Munich Security Conference", "the Islamabad ceasefire talks"
            return self._meeting_reading(i, named)
        if (
            root.dep_ == "pobj"
            and root.head.lower_ in ("in", "at")
            and len(chain) > 2
            and any(t.lemma_.lower() == "stop" and t.pos_ == "NOUN" for t in chain[1:3])
            and (chain[1].lemma_.lower() == "stop" or chain[1].dep_ == "acl")  # "stops (expected) in X"
            and any(t.lemma_.lower() in ("travel", "trip", "tour", "visit") for t in self.sent)
            and not any(t.lemma_.lower() in ("campaign", "bus", "train") for t in self.sent)
            and self._has_official(self.sent)
        ):  # "Blinken would travel to the region, with stops expected in Jerusalem, Ramallah and Cairo"
            return self._meeting_reading(i, next(t for t in chain[1:3] if t.lemma_.lower() == "stop"))
        if (
            root.dep_ == "pobj"
            and root.head.lower_ in ("in", "at")
            and len(chain) > 1
            and chain[1].lower_ in ("council", "assembly")
            and (
                (chain[1].dep_ == "nsubj" and chain[1].head.lemma_.lower() in COUNCIL_ACTS)
                or (chain[1].dep_ == "dobj" and chain[1].head.lemma_.lower() in ("brief", "address"))
            )
            and any(
                c.lower_ in ("security", "general", "u.n.", "un", "nato", "rights") for c in chain[1].children
            )
        ):  # "the U.N. Security Council in New York voted 13-0": a session of the council there
            return self._meeting_reading(i, chain[1])
        if (
            root.dep_ == "pobj"
            and root.head.lower_ == "to"
            and root.head.i > 0
            and self.doc[root.head.i - 1].lower_ == "on"
        ):
            trip = next(
                (
                    t
                    for t in self.sent
                    if t.lemma_.lower() in ("tour", "visit", "trip", "fly", "travel", "stop")
                ),
                None,
            )
            if trip is not None and self._has_official(self.sent):
                # "a tour of Latin American capitals, flying first to Lima ..., then on to Brasilia"
                return self._meeting_reading(i, trip)
        if root.dep_ == "pobj" and root.head.lower_ == "to":
            sender = next((t for t in chain[1:4] if t.lemma_.lower() in ("send", "dispatch")), None)
            envoy = (
                next(
                    (
                        c
                        for c in sender.children
                        if c.dep_ == "dobj" and c.lower_ in DELEGATE_NOUNS | ENVOY_NOUNS
                    ),
                    None,
                )
                if sender is not None
                else None
            )
            if envoy is not None:  # "agreed to send a delegation led by the Qatari prime minister to Beirut"
                return self._meeting_reading(i, envoy)
        flown = _flown_to(root, chain)
        if (
            flown is not None
            and self._officials_present(flown)
            and not self._home_of(i, [t for s in _subjects(flown) for t in s.subtree])
        ):  # "Rice will stop in France ... before flying to Tbilisi on Friday": an official's visit
            return self._meeting_reading(i, flown)
        arrived = _travelled_to_meet(root, chain)
        if arrived is not None:  # "was flown to New Delhi last week and held talks with Gandhi"
            return self._meeting_reading(i, arrived)
        deliberated = _deliberated_in(root, chain)
        if deliberated is not None and any(
            c.dep_ == "nsubj" and c.lower_ in OFFICIAL_BODIES
            for t in (deliberated, *list(deliberated.ancestors)[:2])
            for c in t.children
        ):  # "EU foreign ministers were due to discuss the idea in Brussels": ministers together
            return self._meeting_reading(i, deliberated)
        if end < self.sent.end and _is(self.doc[end], MEETING_WORDS) and self.doc[end].pos_ == "NOUN":
            after = self.doc[end + 1] if end + 1 < len(self.doc) else None
            paired = start > self.sent.start and self.doc[start - 1].text in PAIR_DASHES
            topic = self.countries[i] is not None and not _is(self.doc[end], VISIT_WORDS)
            if not (after is not None and after.lower_ == "to") and not paired and not topic:
                # "the Moscow talks", not "a US visit to China" nor "Iran–United States talks" (parties)
                # nor "Ukraine negotiations" (a country before talks is what they are about)
                return self._meeting_reading(i, self.doc[end])
        if (
            root.dep_ == "pobj"
            and root.head.lower_ in ("in", "at")
            and root.head.head.lemma_.lower() in DELEGATE_NOUNS
            and not self._at_home(i, root.head.head)
        ):  # "ceasefire mediators in Cairo give Hamas 90 days", "an STC delegation in Riyadh"
            return self._meeting_reading(i, root.head.head)
        prev = self.doc[start - 1] if start > self.sent.start else None
        if prev is not None and _is(prev, VISIT_WORDS):
            return self._meeting_reading(i, prev)  # "will visit Kyiv"
        expected = root.head.head if root.dep_ == "pobj" and root.head.lower_ in ("in", "at") else None
        if (
            expected is not None
            and expected.lemma_.lower() == "expect"
            and any(c.dep_ == "auxpass" for c in expected.children)
            and any(
                t.lower_ in TITLE_WORDS or t.lemma_.lower() in TITLE_WORDS
                for c in expected.children
                if c.dep_ == "nsubjpass"
                for t in c.subtree
            )
        ):  # "the Secretary-General is expected in Tehran next week": a visit scheduled
            return self._meeting_reading(i, expected)
        if root.dep_ == "pobj" and root.head.lower_ in ("in", "at") and chain[1:]:
            # The verb that puts the meeting there, or the one it completes: "talks are scheduled
            # to take place in Geneva", "the summit is to be held in Bolivia" (the guide: scheduled
            # meetings count).
            verbs = [chain[1], *(chain[2:3] if chain[1].dep_ == "xcomp" else [])]
            if chain[1].lemma_.lower() in ATTEMPT_VERBS:  # "In Arusha, mediators tried to revive the talks"
                verbs += [c for c in chain[1].children if c.dep_ == "xcomp"]
            for tok in self.sent:  # "held talks in Cairo", "talks were held in Cairo"
                if (
                    _is(tok, MEETING_WORDS)
                    and tok.head in verbs
                    and tok.dep_ in ("dobj", "nsubj", "nsubjpass")
                ):
                    return self._meeting_reading(i, tok)
                round_of = tok.head.head if tok.head.lower_ == "of" else None
                if (
                    _is(tok, MEETING_WORDS)
                    and round_of is not None
                    and round_of.lemma_.lower() in ROUND_NOUNS
                    and round_of.head in verbs
                    and round_of.dep_ in ("dobj", "nsubj", "nsubjpass")
                ):  # "another round of talks will be held in Washington"
                    return self._meeting_reading(i, tok)
                if (
                    tok.lemma_.lower() == "round"
                    and tok.head in verbs
                    and tok.dep_ in ("dobj", "nsubj", "nsubjpass")
                    and not any(c.lower_ == "of" for c in tok.children)
                    and self._talks_nearby()
                ):  # "Talks ... resume on Monday. Previous rounds were held in Belarus"
                    return self._meeting_reading(i, tok)
        if root.lower_ == "here" and root.dep_ == "advmod" and chain:
            for held in chain[0].children:  # "held talks here", "two days of talks here": the dateline city
                if held.dep_ not in ("dobj", "nsubj", "nsubjpass"):
                    continue
                counted = [g for c in held.children if c.lower_ == "of" for g in c.children]
                talks = next((t for t in (held, *counted) if _is(t, MEETING_WORDS)), None)
                if talks is not None:
                    return self._meeting_reading(i, talks)
        if root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "to", "into") and chain[1:]:
            for gov in chain[1:3]:  # "flew to X for the summit", "is due in X for a round of talks"
                for prep in (c for c in gov.children if c.dep_ == "prep" and c.lower_ == "for"):
                    for obj in (o for o in prep.children if o.dep_ == "pobj"):
                        counted = [g for c in obj.children if c.lower_ == "of" for g in c.children]
                        named = next((t for t in (obj, *counted) if _is(t, MEETING_WORDS)), None)
                        if named is not None:
                            return self._meeting_reading(i, named)
        if root.dep_ == "pobj" and (
            (root.head.lower_ == "for" and root.head.head.lemma_.lower() in ("leave", "depart"))
            or (root.head.lower_ == "to" and root.head.head.lemma_.lower() in GOING_VERBS)
        ):  # "Freeland left for Washington earlier in the day to meet with her counterparts", "the
            # envoy went to Baghdad to hold talks": going somewhere to meet there
            purpose = _purpose_clause_meeting([root.head.head])
            if purpose is not None:
                return self._meeting_reading(i, purpose)
        if root.dep_ == "pobj" and root.head.lower_ in ("in", "at"):
            # "While in New York City to attend the General Assembly", "was in Riyadh to meet the
            # king", "will stop in Brussels to brief NATO allies": being somewhere to meet there
            prep = root.head
            purpose = _purpose_clause_meeting(
                [prep, prep.head] if prep.head.lemma_.lower() in ("be", "stop", "stay", "land") else [prep]
            )
            if purpose is not None:
                return self._meeting_reading(i, purpose)
        if root.dep_ in ("pobj", "appos") and chain[1:]:
            sent_to = next((t for t in chain[:4] if _sends_envoy(t)), None)
            if sent_to is not None:  # "dispatched the foreign minister to Khartoum to discuss ..."
                return self._meeting_reading(i, sent_to)
        if root.dep_ == "pobj" and root.head.lower_ in ("in", "at") and chain[1:]:
            during = _during_meeting(chain[1])
            if during is not None:  # "confronts Ramaphosa at the White House during a state visit"
                return self._meeting_reading(i, during)
        host = next(
            (
                t
                for t in chain[1:4]
                if _receives_guest(t)
                or _signs_agreement(t)
                or (_summons_envoy(t) and root.head.head.i == t.i)
            ),
            None,
        )
        if root.dep_ == "pobj" and root.head.lower_ in ("in", "at") and host is not None:
            # "received the Finnish president (at his palace) in X", "In X, the ministry summoned the envoy"
            return self._meeting_reading(i, host)
        if (
            root.dep_ == "pobj"
            and root.head.lower_ == "to"
            and root.head.head.lemma_.lower() == "welcome"
            and _receives_guest(root.head.head)
        ):  # "Kim Jong Un welcomed the Belarusian president to Pyongyang"
            return self._meeting_reading(i, root.head.head)
        if root.dep_ == "nsubjpass" and _is(root.head, VISIT_WORDS | HOST_WORDS):
            return self._meeting_reading(i, root.head)  # "X was visited by the chancellor"
        hosting = [
            v
            for v in ((root.head, *root.head.conjuncts) if root.dep_ == "nsubj" else ())
            if (v.i == root.head.i or not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children))
            and _hosts_meeting(v)
            and not _venue_named(v)
        ]
        if hosting:  # "the United Kingdom hosts a summit", "Qatar allowed ... and hosted rounds of talks"
            return self._meeting_reading(i, hosting[0])
        if root.dep_ == "nsubj" and _summons_envoy(root.head):
            return self._meeting_reading(i, root.head)  # "Estonia summons Russia's chargé d'affaires"
        return None

    def _visitor_speaking(self, i: int, prep: Token) -> Token | None:
        """'Soviet Foreign Minister Eduard Shevardnadze, speaking at a news conference in Bonn',
        'Majority Whip Steve Scalise said Wednesday in Rabat': a foreign leader or minister who
        speaks in a place is visiting it. The speaker's title and country are in the subject; not
        an envoy or spokesman, who lives there, nor a leader of the place's own country."""
        home = self.homes[i] or self.countries[i]
        if home is None or prep.lower_ not in ("in", "at"):
            return None
        verb = prep.head
        if verb.lemma_.lower() in SPEECH_EVENTS and verb.dep_ in ("pobj", "dobj"):
            verb = verb.head.head if verb.dep_ == "pobj" else verb.head  # "at a news conference in X"
        if verb.lemma_.lower() not in SPOKEN_VERBS or verb.pos_ != "VERB" or self._negated(verb):
            return None
        speakers = [verb.head] if verb.dep_ == "acl" else _subjects(verb)
        words = [t for s in speakers for t in s.subtree]
        if not any(t.lower_ in VISITOR_TITLES for t in words) or any(
            t.lower_ in RESIDENT_SPEAKERS for t in words
        ):
            return None
        own = {t.i for t in words}
        states = {
            self.countries[k]
            for k, (a, b) in enumerate(self.tokens)
            if k != i and a < b and a in own and self.mentions[k].label in ("ADJ", "GPE", "GAZ")
        }
        if None in states or home in states or len(states) != 1:
            return None  # whose official is not said, or one of the place's own
        return verb

    def _named_meeting(self, start: int, end: int) -> Token | None:
        """A meeting noun a city's name qualifies, at once or through one or two other words: 'the
        Islamabad Talks', 'the Munich Security Conference', 'the Islamabad ceasefire talks' (not a
        dash pair, not 'a visit to')."""
        if start > self.sent.start and self.doc[start - 1].text in PAIR_DASHES:
            return None
        for k in (k for k in (end, end + 1, end + 2) if k < self.sent.end - 1):
            tok = self.doc[k]
            between = self.doc[end:k]
            if k == end and tok.lower_ not in ("talks", "summit", "conference"):
                continue  # not "the Mediterranean Dialogue programme", "the Shangri-La Dialogue"
            if (
                _is(tok, MEETING_WORDS)
                and tok.pos_ in ("NOUN", "PROPN")
                and tok.lemma_.lower() not in VISIT_WORDS
                and all(
                    t.pos_ in ("NOUN", "PROPN", "ADJ") and t.ent_type_ not in ("GPE", "NORP") for t in between
                )
                and not (k + 1 < len(self.doc) and self.doc[k + 1].lower_ == "to")
            ):
                return tok
        return None

    def _meeting_reading(self, i: int, trigger: Token) -> RoleReading | None:
        """The meeting at place i shown by ``trigger``; none if the sentence says it does not
        happen ('will not visit X', 'did not hold talks in X')."""
        if trigger.lower_ == "signing" and trigger.pos_ != "NOUN":
            return None  # the verb: what is signed decides (_signs_agreement), not "signing autographs"
        verbs = [trigger, trigger.head] if trigger.dep_ in ("dobj", "nsubjpass") else [trigger]
        if (
            any(c.dep_ == "neg" for v in verbs for c in v.children)
            or _planned_not(trigger)
            or _unlikely(trigger)
        ):
            return None
        if _no_meeting_of_officials(trigger):
            return None
        if any(c.dep_ == "compound" and c.lower_ in NOT_MEETINGS for c in trigger.children) and not any(
            c.lower_ in ("joint", "with") for c in trigger.children
        ):
            return None  # "a press conference in X", not "a joint news conference with his counterpart"
        if self._called_off(trigger):
            return None
        denied = next(
            (
                t
                for t in list(trigger.ancestors)[:4]
                if t.lemma_.lower() in ("deny", "refuse", "bar", "decline")
            ),
            None,
        )
        if denied is not None and not any(
            a.lemma_.lower() in ("reject", "dismiss") for a in list(denied.ancestors)[:4]
        ):
            return None  # "he had been denied a US visa to attend a Security Council meeting in New York"
        if any(
            t.dep_ == "xcomp" and t.head.lemma_.lower() in OFFER_VERBS
            for t in (trigger, *list(trigger.ancestors)[:2])
        ) or (
            trigger.dep_ == "pobj"
            and trigger.head.lower_ == "for"
            and trigger.head.head.lemma_.lower()
            in ("push", "press", "lobby", "campaign", "appeal", "clamour")
        ):
            # "Togo has offered to host peace negotiations in Lome", "diplomats have been pushing for a
            # special summit to be held in Jakarta": an offer or a wish, not a meeting
            return None
        if trigger.head.lower_ == "against" or (
            trigger.head.lower_ == "to" and trigger.head.head.lower_ == "against"
        ):
            return None  # "warned Argentines against travelling to Venezuela": an advisory, no trip
        if _company_meeting(trigger):
            return None  # the guide: not company meetings ("the chief executive met union leaders")
        if _sports_meeting(self.sent):
            return None  # the guide: not sports ("the Cricket Board chairman met ICC officials in Dubai")
        if _private(trigger):
            return None  # the guide: not private trips ("visited his home town privately")
        if trigger.lemma_.lower() in ("assemble", "gather") and any(
            c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children
        ):
            return None  # "the missiles are assembled at a plant in X": things put together
        if trigger.lemma_.lower() in TABLE_VERBS and not any(c.lower_ == "with" for c in trigger.children):
            return None  # "conferred an honorary degree on her", not "conferred with Shevardnadze"
        if trigger.lemma_.lower() == "invite" and not any(
            (
                c.dep_ in ("xcomp", "advcl")
                and (_meeting_purpose(c) is not None or c.lemma_.lower() in TOPIC_VERBS)
            )
            or (c.lower_ == "for" and any(_is(g, MEETING_WORDS) for g in c.children))
            for c in trigger.children
        ):
            return None  # invited to talk or for talks; not "invited to Columbus to watch a movie"
        if trigger.lemma_.lower() in TRAVEL_MEETINGS | TABLE_VERBS and not self._officials_present(trigger):
            return None  # "JJ toured Ireland with his parents", "Manning and Herrick visited residents"
        society = trigger.lemma_.lower() in ("meeting", "convention") and any(
            c.lower_ in ("annual", "yearly", "shareholder", "shareholders", "board", "scientific", "general")
            for c in trigger.children
        )  # "the annual meeting of the American Society for Biochemistry in Orlando"
        if (
            (trigger.lemma_.lower() in WEAK_MEETINGS or society)
            and not any(t.lemma_.lower() in OFFICIAL_WORDS or t.lower_ in OFFICIAL_WORDS for t in self.sent)
            and not any(
                t.lower_ in ("peace", "shuttle") for t in trigger.subtree if t.i < trigger.i
            )  # "a peace conference"
        ):
            return None  # "a candidates forum in Red Oak", "weekly sessions at the school"
        when = resolve_when(self.sent.text, self.published)
        return RoleReading(
            Role.MEETING,
            self.evidence,
            0.8,
            participants=self._participants(i),
            when=when,
            trigger=trigger.text,
        )

    def _officials_present(self, trigger: Token) -> bool:
        """An official in the sentence: an office named ('the President traveled'), a person the
        article gives an office, or a state as the one who goes ('India and China met')."""
        if self._has_official(self.sent):
            return True
        if any(
            t.lower_ in ("council", "assembly")
            and any(c.lower_ in ("security", "general") for c in t.children)
            for t in self.sent
        ):
            return True  # "the U.N. Security Council, meeting in New York on Sunday"
        if (
            any(c.lower_ in ("he", "she", "they") for c in _subjects(trigger))
            and self.sent.start > 0
            and self._has_official(self.doc[self.sent.start - 1].sent)
        ):
            return True  # "The Secretary-General is expected in Tehran. He visited Baghdad in April."
        agents = [g for c in trigger.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if trigger.dep_ == "dobj" and _is(trigger.head, HOST_WORDS):
            agents += _subjects(trigger.head)  # "Algeria will host a meeting of Libya's neighbours"
        return any(  # "India and China met", "the talks, hosted by Oman in Muscat"
            t.ent_type_ in ("GPE", "NORP") and not self._unlocated(t)
            for c in (*_subjects(trigger), *agents)
            for t in (c, *c.conjuncts)
        )

    def _has_official(self, sent: SpacySpan) -> bool:
        if any(t.lower_ in TITLE_WORDS or t.lemma_.lower() in TITLE_WORDS for t in sent):
            return True
        return any(ent.label_ == "PERSON" and any(t.text in self.officials for t in ent) for ent in sent.ents)

    def _unlocated(self, tok: Token) -> bool:
        """A name the model tagged a place that the gazetteer could not place ("Barry and Beryl met",
        Beryl tagged GPE): no state."""
        return any(a <= tok.i < b and self.countries[k] is None for k, (a, b) in enumerate(self.tokens))

    def _called_off(self, trigger: Token) -> bool:
        """'cancels sending envoys to X for negotiations', 'the trip to X, which was cancelled'."""
        near = [trigger, *list(trigger.ancestors)[:4]]
        for tok in near:
            if tok.dep_ == "prep" and tok.lower_ in ("after", "following", "since"):
                break  # "abandoned his effort after ten days of talks in New York": the talks were held
            if tok.lemma_.lower() in CANCEL_VERBS and (tok.lemma_.lower() != "call" or _has_off(tok)):
                return True
            if any(c.dep_ in ("relcl", "acl") and _cancelling(c) for c in tok.children):
                return True
        # "the planned trip to Warsaw, which was cancelled": the clause hangs on the place
        return any(t.dep_ == "relcl" and _cancelling(t) for t in trigger.subtree)

    def _actor(self, root: Token, trigger: Token) -> bool:
        """'US troops', 'Russia attacked': the place acts, it is not where it happens. The
        subject of a passive ('Ukraine was invaded') suffers it, and does not act."""
        if (
            root.dep_ == "compound"
            and root.head == trigger
            and trigger.lemma_.lower() in NAMED_ATTACKS
            and any(c.dep_ in ("det", "poss") for c in trigger.children)  # "the Diapaga attack"
            and root.ent_type_ not in ("NORP", "ORG")
            and not any(
                self.countries[j] is not None and a <= root.i < b for j, (a, b) in enumerate(self.tokens)
            )
        ):
            return False  # "the Diapaga attack", "the Crocus City Hall massacre": where it happened
        if root.dep_ == "dobj" and root.head.lemma_.lower() in ACCUSE_VERBS:
            return True  # "accusing Iran of being behind the attacks": the accused acts
        if (
            root.dep_ == "poss"
            and root.head == trigger
            and any(c.lower_ == "civil" for c in trigger.children)
        ):
            return False  # "Yemen's civil war": fought in it, not waged by it
        owner = root.dep_ in ("compound", "amod", "poss", "nmod") and root.head.dep_ == "nsubj"
        if owner and (root.head.head == trigger or (trigger.dep_ == "acl" and trigger.head == root.head)):
            return True  # "U.S. helicopters fired at X", "U.S. Vipers striking X": whose
        return root.head == trigger and root.dep_ in (
            "nsubj",
            "compound",
            "amod",
            "poss",
            "npadvmod",
            "nmod",
        )

    def _conflict_by_clause(self, root: Token, chain: list[Token]) -> RoleReading | None:
        """'deteriorating security situation in X' (the word modifies a governor of the place);
        'Violence ... the situation in X' (the word is the subject of the place's clause)."""
        for trigger in (t for t in self.sent if _fighting(t)):
            if self._actor(root, trigger):
                continue
            sibling = (
                trigger.head in chain[:3]
                and trigger.dep_ in ("amod", "compound", "nmod")
                and not _is(trigger.head, MEETING_WORDS)  # "ceasefire talks (with X)": a meeting's topic
                and trigger.head.lemma_.lower() not in ARMED_BODIES  # "a banned militant organization in X"
                and not _proposed_truce(trigger)  # "the ceasefire proposal from X": a party
            )
            subject = (
                trigger.dep_ in ("nsubj", "nsubjpass")
                and trigger.head in chain
                and trigger.head.lemma_.lower() not in JUDGING_VERBS
                and not (trigger.lower_ in CONFLICT_ACTORS and trigger.head.lemma_.lower() in POSTING_VERBS)
                and root.dep_ in ("pobj", "dobj")
                and not _actors_say(trigger)  # "rebels say they will march on X"
            )
            if (sibling or subject) and not _idle_weapon(trigger):
                return RoleReading(Role.CONFLICT, self.evidence, 0.65, trigger=trigger.text)
        return None

    def _participants(self, place: int) -> tuple[str, ...]:
        names: list[str] = []
        places = {k for a, b in self.tokens for k in range(a, b)}
        for ent in self.sent.ents:
            if _is_party(ent) and ent.text not in names and not any(t.i in places for t in ent):
                names.append(ent.text.removeprefix("the ").strip())
        for i, m in enumerate(self.mentions):
            country = i != place and m.label in ("GPE", "GAZ") and self.countries[i] and m.kind_hint is None
            if country and m.text not in names and m.query != self.mentions[place].query:
                names.append(m.text)
        return tuple(names[:8])


def _is_party(ent: SpacySpan) -> bool:
    """A person or organisation that can take part in a meeting (not a handle, platform or agency)."""
    return (
        ent.label_ in ("PERSON", "ORG")
        and not ent.text.startswith("@")
        and ent.text.removeprefix("the ").casefold() not in NOT_PARTICIPANTS
    )


def _planned_not(trigger: Token) -> bool:
    """'did not plan to visit Kabul', 'has no plans to travel to Moscow', 'does not have an
    invitation to visit the White House': the meeting hangs on a plan or wish that is denied."""
    tok = trigger
    for _ in range(3):
        if tok.dep_ not in ("xcomp", "acl") or tok.head.i == tok.i:
            return False
        tok = tok.head
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children):
            return True
        if tok.dep_ == "dobj" and any(c.dep_ == "neg" for c in tok.head.children):
            return True  # "does not have an invitation to visit"
    return False


# Verbs that put a meeting somewhere when they hang on its noun ("a summit to be held in X").
VENUE_VERBS = frozenset(
    """hold take convene begin start resume continue schedule plan set be open meet host attend
    reconvene stage organize organise involve include bring gather join feature""".split()
)


def _errand(tok: Token) -> bool:
    """A verb hung on the meeting's noun that makes the place its own object's ('negotiations to
    extend the contract to run a prison in Shelby'): the place is the errand's, not the venue."""
    return (
        tok.pos_ == "VERB" and tok.dep_ in ("acl", "xcomp", "relcl") and tok.lemma_.lower() not in VENUE_VERBS
    )


DOUBT_WORDS = frozenset({"unlikely", "doubtful", "improbable"})


def _unlikely(trigger: Token) -> bool:
    """'a summit in Washington was unlikely to take place this year', 'is unlikely to visit X': the
    issue's "a summit 'unlikely to take place'" (the guide: hypothetical meetings are none). Not 'the
    talks are unlikely to produce a breakthrough': they still take place."""
    tok = trigger
    while tok.dep_ == "xcomp" and tok.head.i != tok.i:
        tok = tok.head
        if tok.lemma_.lower() in DOUBT_WORDS:
            return True  # "is unlikely to visit X"
    if trigger.dep_ not in ("nsubj", "nsubjpass"):
        return False
    for doubt in (c for c in trigger.head.children if c.dep_ == "acomp" and c.lemma_.lower() in DOUBT_WORDS):
        for verb in (c for c in doubt.children if c.dep_ == "xcomp"):
            words = {c.lower_ for c in verb.children}
            lemma = verb.lemma_.lower()
            if (
                lemma in ("happen", "occur", "materialize", "materialise", "hold", "convene", "proceed")
                or (lemma == "take" and "place" in words)
                or (lemma == "go" and "ahead" in words)
            ):
                return True
    return False


def _reported(clause: Token) -> bool:
    """A lead's news told before who says it: 'X killed 12 people, officials said'."""
    return clause.dep_ == "ccomp" and clause.head.dep_ == "ROOT" and clause.i < clause.head.i


def _has_off(tok: Token) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == "off" for c in tok.children)


def _cancelling(tok: Token) -> bool:
    """A verb of calling something off, other than 'call' (which needs its 'off')."""
    return tok.lemma_.lower() in CANCEL_VERBS and tok.lemma_.lower() != "call"


def _purpose_clause_meeting(holders: Sequence[Token]) -> Token | None:
    """The meeting a purpose clause hung on one of ``holders`` names ("went to Baghdad to hold
    talks", "in New York City to attend the General Assembly")."""
    return next(
        (
            named
            for holder in holders
            for c in holder.children
            if c.dep_ in ("xcomp", "advcl") and (named := _meeting_purpose(c)) is not None
        ),
        None,
    )


def _meeting_purpose(verb: Token) -> Token | None:
    """The meeting a purpose clause names: "to meet with officials", "to hold talks", "to attend the
    summit" (the meeting word, or None when the clause is for something else: "to watch the final")."""
    if _is(verb, MEETING_WORDS | VISIT_WORDS) or verb.lemma_.lower() in CONSULT_VERBS or _talks_with(verb):
        return verb  # "will also stop in Brussels to brief NATO allies", "to discuss X with Blinken"
    if verb.lemma_.lower() in ("open", "establish", "make") and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "contact" and any(g.lower_ == "with" for g in c.children)
        for c in verb.children
    ):
        return verb  # "to open contacts with elders of Aidid's clan"
    if verb.lemma_.lower() in ("hold", "attend", "join", "sign", "open"):
        return next(
            (
                c
                for c in verb.children
                if c.dep_ == "dobj"
                and (_is(c, MEETING_WORDS) or (c.lower_ == "assembly" and verb.lemma_.lower() == "attend"))
            ),
            None,
        )
    return None


PRIVATE_WORDS = frozenset({"private", "privately", "personal", "vacation", "holiday", "honeymoon"})


def _private(trigger: Token) -> bool:
    """'a private visit', 'visited Wadowice privately', 'a personal trip', 'on vacation in X'."""
    near = [trigger, trigger.head] if trigger.dep_ in ("dobj", "pobj") else [trigger]
    return any(
        c.lower_ in PRIVATE_WORDS and c.dep_ in ("amod", "advmod", "prep", "pobj")
        for t in near
        for c in t.children
    ) or any(
        g.lower_ in PRIVATE_WORDS
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ == "on"
        for g in c.children
    )


def _round_of_talks(tok: Token) -> Token | None:
    """'The last round of talks, held in New Delhi in June': the talks a round, a series or a session
    counts (its word), when the chain reaches the round before them."""
    if tok.lemma_.lower() not in ROUND_NOUNS or tok.pos_ != "NOUN":
        return None
    return next(
        (
            g
            for c in tok.children
            if c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj" and _is(g, MEETING_WORDS)
        ),
        None,
    )


def _talks_with(tok: Token) -> bool:
    """'Shevardnadze discussed the war with Iraqi Foreign Minister Tariq Aziz in Moscow': to
    discuss something with an official is to hold talks with them."""
    if tok.lemma_.lower() not in ("discuss", "consult", "review", "coordinate") or tok.pos_ != "VERB":
        return False
    holders = [tok, *(c for c in tok.children if c.dep_ == "dobj")]  # "discussed the war with X"
    return any(
        c.lower_ == "with"
        and any(t.lower_ in OFFICIAL_WORDS | {"counterpart"} or t.ent_type_ == "PERSON" for t in c.subtree)
        for h in holders
        for c in h.children
    )  # "to review war plans with Schwarzkopf"


TALK_LEMMAS = frozenset({"talk", "talks", "negotiation", "negotiate", "negotiator"})
FLIGHT_VERBS = frozenset({"flee", "escape", "evacuate"})


def _fled(trigger: Token) -> bool:
    """'Refugees fleeing the fighting crossed into Pakistan': the fighting is what people fled;
    the place they reach is their refuge."""
    verb = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
    return trigger.dep_ in ("dobj", "pobj") and verb.lemma_.lower() in FLIGHT_VERBS


def _is(tok: Token, words: frozenset[str]) -> bool:
    return tok.lower_ in words or tok.lemma_.lower() in words


def _doc_offset(m: PlaceMention, sent: SpacySpan) -> int:
    return 0


def _fighting(tok: Token) -> bool:
    """A conflict word used for fighting: not 'struck a deal', 'struck a balance', 'protests
    have been taking place', 'an earthquake struck'."""
    if not _is(tok, CONFLICT_WORDS):
        return (
            (
                tok.lower_ == "fire"
                and tok.pos_ == "NOUN"
                and any(
                    m.dep_ in ("amod", "compound") and m.lemma_.lower() in GUNFIRE_NOUNS for m in tok.children
                )
            )  # "kept up sniper fire in Panama City" (not "a California boat fire")
            or (
                tok.lemma_.lower() == "drop"
                and any(c.lower_ in ("payload", "bombs", "bomb") for c in tok.children)
            )
            or _armed_operation(tok)
            or _takes_over(tok)
            or _armed_destruction(tok)
            # "militants claim the takeover of Tardo", not "the takeover of a company"
            or (tok.lemma_.lower() == "takeover" and _names_armed_force(tok.sent))
        )
    lemma = tok.lemma_.lower()
    if lemma in ("battle", "fight", "war") and any(
        c.dep_ == "prep"
        and c.lower_ == "over"
        and any(g.dep_ == "pcomp" or g.lemma_.lower() in POLICY_NOUNS for g in c.children)
        for c in tok.children
    ):
        return False  # "the nine-year battle over raising South Carolina's cigarette tax"
    if lemma == "pound":  # "Serb gunners pounded Sarajevo", not "the storm pounded the coast"
        return _names_armed_force(tok.sent)
    if tok.lower_ in CONFLICT_ACTORS and (
        (tok.dep_ == "nsubj" and tok.head.lemma_.lower() in PEACEFUL_ACTS)
        or any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in PEACEFUL_ACTS for c in tok.children)
    ):
        return False  # "Abkhaz fighters celebrated by firing into the air"
    if lemma in ("ceasefire", "truce") and (
        any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in SETTLING_VERBS for c in tok.children)
        or (tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in SETTLING_VERBS)
    ):  # "the truce was agreed in Moscow"
        return False  # "in breach of a ceasefire signed in Sochi": the truce's signing, a meeting
    if lemma in ("fire", "firing", "shoot") and any(
        c.lower_ == "into" and any(g.lower_ == "air" for g in c.children) for c in tok.children
    ):
        return False  # "fighters celebrated by firing into the air"
    if tok.lower_ == "firing":  # "firing in Poonch", not "the firing of the coach", "a firing range"
        return not (
            tok.head.lower_ in ("range", "ranges", "squad", "squads", "pin", "line")
            or any(
                c.lower_ == "of" and any(g.ent_type_ == "PERSON" for g in c.children) for c in tok.children
            )
            or any(c.dep_ == "dobj" for c in tok.children)  # "firing staff": a verb of dismissal
        )
    if lemma == "bomber":  # "a suicide bomber blew himself up", not "B-52 bombers flew over"
        return any(c.lower_ == "suicide" for c in tok.children)
    if (
        tok.is_title
        and tok.i > tok.sent.start
        and tok.ent_type_ in ("EVENT", "WORK_OF_ART", "ORG", "PRODUCT", "FAC", "LAW")
        and lemma not in WAR_NAMES
    ):
        return False  # "this year's Clash VI--National Duals", "the Strike Force Cup": a name
    if any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in ANIMALS for c in tok.children):
        return False  # "a series of bear attacks", "a shark attack"
    if lemma in FALLOUT_WORDS:
        return any(t.lower_ in INTERCEPT_CONTEXT for t in tok.sent)  # "debris from an intercepted drone"
    if any(c.dep_ in ("amod", "compound") and c.lower_ in NOT_KINETIC for c in tok.children):
        return False  # "a trade war", "a legal battle", "cyber attacks"
    if tok.dep_ in ("amod", "compound", "nmod") and (
        tok.head.lemma_.lower() in TYPED_NOUNS
        or any(c.dep_ in ("amod", "compound") and c.lower_ in NOT_KINETIC for c in tok.head.children)
    ):
        return False  # "an attack submarine", "a strike group", "offensive cyber operations"
    if (
        tok.lower_ == "occupied"
        and tok.i > tok.sent.start
        and tok.doc[tok.i - 1].lower_ in (",", "the", "in")
        and tok.i + 1 < len(tok.doc)
        and tok.doc[tok.i + 1].ent_type_ in ("GPE", "LOC")
    ):
        return False  # "a detainee from Jenin, occupied West Bank, dies in custody": the territory's name
    if _deployed(tok):
        # "Ethiopia sends ten thousand troops near the border", "deploys three guided-missile destroyers
        # off the coast of X": posted, not fighting
        return False
    if lemma == "fire" and any(
        c.dep_ == "dobj" and (c.ent_type_ in ("PERSON", "ORG") or c.lower_ in DISMISSED) for c in tok.children
    ):
        return False  # "the judge-executive fired Reams", "fired him": dismissed, not shot
    if lemma in ("seize", "take", "grab") and any(
        c.dep_ == "dobj" and c.lower_ == "power" for c in tok.children
    ):
        return False  # "Hamas seized power in the Gaza Strip": who rules, not a battle
    if any(c.dep_ == "appos" and c.lemma_.lower() in TYPED_NOUNS for c in tok.children):
        return False  # "the anti-ballistic missile (ABM) defences" parsed with the missile as head
    if _accidental_blast(tok):
        return False  # "the explosion of a gas cylinder", "a gas blast"
    if (
        tok.lower_ in SHOOTING_WORDS
        and not _names_armed_force(tok.sent)
        and not _shot_down_aircraft(tok)  # "a UAV is shot down"
    ):
        return False  # "a man was shot outside a bar": crime, unless armed men or forces are named
    if lemma == "capture" and any(c.dep_ == "dobj" and c.lemma_.lower() in NOT_SEIZED for c in tok.children):
        return False  # "a plant to capture carbon dioxide", "captured the imagination"
    if lemma in ("ceasefire", "truce") and (
        (tok.dep_ in ("amod", "compound", "nmod", "dobj") and _is(tok.head, MEETING_WORDS))
        or (tok.dep_ == "pobj" and any(_is(a, MEETING_WORDS) for a in list(tok.ancestors)[1:4]))
        # "a conference for ceasefire", "talks focusing on a ceasefire for the Black Sea"
        or any(c.dep_ == "dobj" and _is(c, MEETING_WORDS) for c in tok.children)  # "to ceasefire talks"
    ):
        return False  # "ceasefire talks in Doha, Qatar": talks about fighting elsewhere
    doc = tok.doc
    if any(
        doc[k].lower_ == "against" and doc[k - 1].lemma_.lower() in PROTEST_VERBS
        for k in range(max(tok.sent.start + 1, tok.i - 6), tok.i)
    ):
        return False  # "a demonstration in Tehran marches against the Israel and U.S. airstrikes"
    if (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "against"
        and any(t.lemma_.lower() in PROTEST_VERBS for t in tok.sent)
    ):
        return False  # "protests in Detroit are held against the U.S. strikes at Hart Plaza"
    if (
        lemma == "offensive"
        and tok.pos_ == "ADJ"
        and tok.head.lemma_.lower() in ("weapon", "remark", "language")
    ):
        return False  # "possession of an offensive weapon"
    if tok.lower_ == "fired" and tok.i > 0 and doc[tok.i - 1].text == "-":
        return False  # "a coal-fired power plant"
    if lemma == "clash" and _protest_clash(tok.sent):
        return False  # "clashes with police during protests across Mexico": protesters, not arms
    first = tok
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first.head.lemma_.lower() == "plan" and first.dep_ in ("dobj", "xcomp"):
        return False  # "allegedly planning attacks on X", "planning to invade and capture X": not done
    if lemma == "strike" and any(
        s.lemma_.lower() in STRIKERS for s in [*_subjects(tok), *([tok.head] if tok.dep_ == "acl" else [])]
    ):
        return False  # "teachers striking in West Virginia"
    if lemma == "advance" and tok.dep_ in ("amod", "compound"):
        return False  # "advance voting", "advance notice"
    if lemma == "strike" and any(
        c.dep_ in ("amod", "compound", "poss") and c.lower_ in LABOUR_STRIKES for c in tok.children
    ):
        return False  # "a general strike", "a hunger strike"
    if lemma == "invasion" and any(
        g.lemma_.lower() in NOT_GUESTS or g.lemma_.lower() in ("immigrant", "tourist", "visitor")
        for c in tok.children
        if c.lower_ == "of"
        for g in c.children
    ):
        return False  # "an invasion of people into X": a figure of speech
    if tok.pos_ != "VERB":
        return True
    if lemma == "fight" and any(
        c.dep_ == "prep" and c.lower_ == "for" and not any(g.lower_ == "control" for g in c.children)
        for c in tok.children
    ):
        return False  # "they fight for land reform in X": a cause, not arms (but "fight for control of X")
    objects = [c.lemma_.lower() for c in tok.children if c.dep_ == "dobj"]
    subjects = [
        t.lemma_.lower()
        for c in _subjects(tok)
        for t in (c, *c.conjuncts)
        if not (t.lower_ == "fire" and any(_gunfire_modifier(m) for m in t.children))
    ]  # "Israeli fire", "artillery fire" is gunfire; "a basement fire" is a blaze
    if lemma == "shoot" and any(o in FILMED for o in objects):
        return False  # "shooting footage in Los Angeles"
    if any(
        c.dep_ in ("dobj", "nsubjpass", "nsubj") and c.lemma_.lower() in PYROTECHNICS for c in tok.children
    ):
        return False  # "fireworks and flares are fired in Paris"
    if any(o in SETTLED_NOUNS for o in objects):
        return False
    if any(c.dep_ == "nsubjpass" and c.lemma_.lower() in SETTLED_NOUNS for c in tok.children):
        return False  # "the economy is hit by tariffs"
    if any(o in NATURAL_FORCES for o in objects):
        return False  # "fire crews battled a blaze", "fought the flames"
    if any(
        c.dep_ == "dobj"
        and c.lemma_.lower() in ("battle", "war", "fight", "campaign", "offensive")
        and any(m.dep_ in ("amod", "compound") and m.lower_ in NOT_KINETIC for m in c.children)
        for c in tok.children
    ):
        return False  # "fought a legal battle", "waged a trade war"
    if tok.lemma_.lower() == "take" and ("place" in objects or "part" in objects):
        return False  # "protests took place", "taking part in the forum"
    if tok.lemma_.lower() == "take" and any(o in TAKEN_NOT_PLACES for o in objects):
        return False  # "the judge is taking testimony from Ohio's execution team"

    if any(_accidental_blast(c) for c in _subjects(tok)):
        return False  # "a gas explosion killed three"
    if any(
        c.dep_ == "prep"
        and any(g.dep_ == "pobj" and g.lemma_.lower() in NATURAL_FORCES for g in c.children)
        and c.lower_ in ("during", "in", "after")
        for c in tok.children
    ):
        return False  # "a pilot was killed during a helicopter crash"
    if any(c.dep_ == "advcl" and c.lemma_.lower() in ACCIDENT_VERBS for c in tok.children):
        return False  # "a pilot was killed after his helicopter crashed into the reservoir"
    if subjects and all(s in LONE_PEOPLE for s in subjects) and not _names_armed_force(tok.sent):
        return False  # "a man attacked his mom's car", "a teen killed 12 people at his school"
    # A headline's victim before the participle, and who did it: "Girl, 16, attacked in Lancaster
    # park", "80-year-old killed in Arlington by neighbor backing up", "a horse was killed".
    people = [*subjects, *([tok.head.lemma_.lower()] if tok.dep_ == "acl" else [])] + [
        g.lemma_.lower() for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
    ]
    if (
        people
        and all(s in LONE_PEOPLE or s in ANIMALS or s == "old" for s in people)
        and not _names_armed_force(tok.sent)
    ):
        return False
    return not any(s in NATURAL_FORCES or s in PEACEFUL_SUBJECTS for s in subjects)


def _gunfire_modifier(m: Token) -> bool:
    """'Israeli fire', 'Hamas fire', 'artillery fire': who or what fires; not 'a house fire'."""
    return m.dep_ in ("amod", "compound") and (
        m.pos_ in ("ADJ", "PROPN") or m.lemma_.lower() in GUNFIRE_NOUNS
    )


def _weapons_used_against(tok: Token) -> bool:
    """'Iraq used chemical weapons against Kurdish villagers in Halabja': weapons turned on someone."""
    return (
        tok.lemma_.lower() == "use"
        and any(c.dep_ == "dobj" and _lethal_weapon(c) for c in tok.children)
        and any(c.dep_ == "prep" and c.lower_ == "against" for c in tok.children)
    )


def _lethal_weapon(noun: Token) -> bool:
    """'chemical weapons', 'missiles', 'poison gas' (not 'tear gas')."""
    if noun.lemma_.lower() in WEAPON_NOUNS | {"weapon", "bomb", "artillery"}:
        return True
    return noun.lemma_.lower() == "gas" and any(
        c.lower_ in ("poison", "chemical", "mustard", "nerve", "toxic") for c in noun.children
    )


def _weapon_strike(tok: Token) -> bool:
    """'a drone strike', 'missile strikes', 'an air strike': a strike that names its weapon."""
    return tok.lower_ in ("strike", "strikes") and any(
        c.dep_ in ("compound", "amod") and c.lower_ in ("drone", "missile", "air", "artillery", "rocket")
        for c in tok.children
    )


def _harm_of_attack(tok: Token) -> Token | None:
    """'Russia launches drone strikes across Ukraine, injuring one person and damaging a power
    station in Mykolaiv': the participle tells what the attack of its clause did, and where.
    Returns the attack's word."""
    if tok.lemma_.lower() not in HARM_PARTICIPLES or tok.tag_ != "VBG":
        return None
    head = tok
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    if head.dep_ not in ("advcl", "xcomp"):
        return None
    main = head.head
    near = [
        main,
        *(c for c in main.children if c is not head),
        *(g for c in main.children if c is not head for g in c.children),
    ]
    return next(
        (t for t in near if _is(t, CONFLICT_WORDS) and t.pos_ in ("NOUN", "VERB") and _fighting(t)), None
    )


def _accidental_blast(tok: Token) -> bool:
    """'the explosion of a gas cylinder', 'a boiler blast', 'a gas tank exploded'."""
    return tok.lemma_.lower() in ("explosion", "blast", "explode") and any(
        t.lemma_.lower() in ACCIDENT_SOURCES
        for c in tok.children
        for t in (
            (c, *c.children)
            if c.dep_ in ("compound", "amod", "nsubj")
            else c.children
            if c.lower_ in ("of", "at")  # "the explosion at the Chernobyl nuclear plant"
            else ()
        )
    )


# Attacks whose victims the next sentence may count: "... missile strike hits X. Two are injured in Y."
AFTERMATH_OF = (
    STRONG_FIGHTING
    | WEAPON_NOUNS
    | frozenset("""strike strikes airstrike airstrikes attack attacks shelled bombarded struck""".split())
)
HURT_VERBS = frozenset({"injure", "kill", "wound", "hurt", "die"})
VICTIM_VERBS = frozenset({"kill", "injure", "wound", "hurt", "hit", "target", "attack", "ambush"})


def _harmed(tok: Token) -> bool:
    """'a strike kills three police officers', 'two policemen were wounded': the police are who is
    hurt, not who acts, so the sentence is no police action."""
    for t in (tok, tok.head):
        if t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_.lower() in VICTIM_VERBS:
            return True
        if t.dep_ != "compound":
            break
    return False


PROTEST_WORDS = frozenset(
    """protest protests protester protesters protestor protestors demonstrator demonstrators demonstration
    demonstrations rally rallies riot riots rioter rioters""".split()
)


def _protest_clash(sent: SpacySpan) -> bool:
    """'clashes with police during protests', 'clashes between security forces and protesters':
    protesters on one side and no fighters, weapons or war named (the guide: protests without
    armed violence are no conflict)."""
    if not any(t.lower_ in PROTEST_WORDS for t in sent):
        return False
    return not any(
        (t.lower_ in ARMED_WORDS or t.lemma_.lower() in ARMED_WORDS)
        and t.lower_ not in ("clashes", "forces", "armed")
        and not _anti(t)  # "anti-war protesters"
        for t in sent
    )


# What a battle or a fight over is politics: "the battle over raising the tax", "a fight over the budget".
POLICY_NOUNS = frozenset(
    """tax taxes law laws bill bills budget policy rights contract funding wages tariff tariffs rule rules
    regulation regulations reform reforms abortion immigration""".split()
)
# What is taken that is no place: "taking testimony", "took office", "takes questions".
TAKEN_NOT_PLACES = frozenset(
    """testimony office questions question note notes action step steps measure measures time care
    advantage responsibility credit photo photos picture pictures vote""".split()
)
AIRCRAFT = frozenset(
    """drone drones uav uavs jet jets plane planes aircraft helicopter helicopters missile missiles
    balloon balloons fighter fighters bomber bombers""".split()
)


def _shot_down_aircraft(tok: Token) -> bool:
    """'an Israeli UAV is shot down over X', 'shot down two drones': air defence, not 'gunned down'."""
    if tok.lemma_.lower() != "shoot" or not any(c.dep_ == "prt" and c.lower_ == "down" for c in tok.children):
        return False
    return any(
        c.dep_ in ("dobj", "nsubjpass")
        and (c.lower_ in AIRCRAFT or any(a.lower_ in AIRCRAFT for a in c.subtree))
        for c in tok.children
    )


def _blast_at(post: Token) -> bool:
    """'Explosions and fires are reported at the United States embassy in Riyadh': the post is where
    the blasts the clause's subject names are."""
    if post.dep_ == "compound" and post.head.lower_ in POST_ANNEXES:
        post = post.head  # "a car bomb exploded outside the U.S. Embassy annex"
    prep = post.head
    if post.dep_ != "pobj" or prep.lower_ not in ("at", "on", "near", "outside"):
        return False
    verb = prep.head
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in BLASTS
        for t in (verb, *verb.conjuncts)
        for c in t.children
    )


BLASTS = frozenset(
    {
        "explosion",
        "blast",
        "strike",
        "airstrike",
        "missile",
        "rocket",
        "drone",
        "shell",
        "bomb",
        "grenade",
        "mortar",
    }
)


def _anti(tok: Token) -> bool:
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text in ("-", "‐") and doc[tok.i - 2].lower_ == "anti"


def _names_armed_force(sent: SpacySpan) -> bool:
    """The sentence names soldiers, militants, gunmen, weapons or a war ("an armed robbery" is a
    crime, not an armed force)."""
    return any(
        (t.lower_ in ARMED_WORDS or t.lemma_.lower() in ARMED_WORDS)
        and not (t.lower_ == "armed" and t.head.lemma_.lower() in ARMED_CRIMES)
        for t in sent
    )


SEIZED_GROUND = frozenset(
    """base town city village district area airport airbase headquarters position positions territory
    region province capital outpost camp barracks checkpoint crossing garrison""".split()
)


ACCUSE_VERBS = frozenset({"accuse", "blame", "suspect"})
SPEECH_VERBS = SAY_VERBS | {"vow", "threaten", "warn", "deny", "accuse", "demand", "promise", "tell"}
# What armed men decide or answer is no fighting: "in Kabul, the rebels refused to hold talks".
STANCE_VERBS = frozenset(
    {"refuse", "agree", "reject", "accept", "want", "insist", "offer", "propose", "welcome", "decline"}
    | {"urge"}
)


def _actors_say(subject: Token) -> bool:
    """'M23 rebels say they will march on X': fighters who speak are not fighting there."""
    return subject.lower_ in CONFLICT_ACTORS and subject.head.lemma_.lower() in SPEECH_VERBS | STANCE_VERBS


def _counts_fighting(noun: Token) -> bool:
    """'a series of shootouts', 'days of clashes': a noun counting fighting (not 'a contingent of
    troops', who may only arrive)."""
    if noun.lemma_.lower() == "fire" and any(
        m.dep_ in ("amod", "compound", "nmod")
        and (m.lemma_.lower() in GUNFIRE_NOUNS or (m.pos_ == "ADJ" and m.ent_type_ == "NORP"))
        for m in noun.children
    ):
        return True  # "mortar and rifle fire echoed through X", "Israeli fire", not "a forest fire"
    if (
        noun.pos_ == "NOUN"
        and noun.lemma_.lower() in MUNITIONS
        and any(
            c.dep_ in ("compound", "amod")
            and c.lower_ in ("mortar", "artillery", "rocket", "tank", "tank-fired")
            for c in noun.children
        )
    ):
        return True  # "mortar rounds slammed into X", "artillery shells fell on X"
    return noun.pos_ == "NOUN" and any(
        _is(g, CONFLICT_WORDS) and g.lower_ not in CONFLICT_ACTORS
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
        if o.dep_ == "pobj"
        for g in (o, *o.conjuncts)
    )


MUNITIONS = frozenset({"round", "shell", "barrage", "salvo", "fire"})


def _placed_elsewhere(thing: Token, *, near: bool = False) -> bool:
    """The thing the place modifies is said to be in another named place ('base in Kuwait'), or near
    one when the place owns it ('the United States' airbase near Baghdad'; 'Syrian military sites near
    Damascus' are Syria's ground)."""
    preps = ("in", "at", "near") if near else ("in", "at")
    return thing.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "prep"
        and c.lower_ in preps
        and any(g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC") for g in c.children)
        for c in thing.children
    )


def _takes_over(tok: Token) -> bool:
    """'JNIM takes over a base outside of X': a capture; not 'takes over the company'."""
    return (
        tok.lemma_.lower() == "take"
        and any(c.dep_ == "prt" and c.lower_ == "over" for c in tok.children)
        and any(
            c.dep_ == "dobj" and (c.lemma_.lower() in SEIZED_GROUND or c.ent_type_ in ("GPE", "LOC", "FAC"))
            for c in tok.children
        )
    )


def _no_meeting_of_officials(trigger: Token) -> bool:
    """Who arrives, visits or gathers is no one meeting officials there: 'Kenyan police arrived in
    X', 'a contingent of troops arrives in X', 'Russians travelling to X', 'crowds gather', 'was
    visiting her father in X', 'recalling its ambassador to X for consultations', 'a TEDx talk',
    'a gathering in Victoria Park', 'assembling firearms in X', 'people living in or visiting X'."""
    lemma = trigger.lemma_.lower()
    subjects = _subjects(trigger)
    if lemma in ARRIVALS or lemma == "visit":
        named = [
            t
            for c in subjects
            for t in c.subtree
            if t.dep_ in ("nsubj", "compound", "nummod") or t == c or (t.dep_ == "pobj" and t.head.head == c)
        ]
        if any(t.lemma_.lower() in NOT_GUESTS or t.lower_ in NOT_GUESTS for t in named):
            return True
        if any(c.ent_type_ == "NORP" and c.tag_ == "NNPS" for c in subjects):
            return True
    if (_is(trigger, VISIT_WORDS) or lemma == "meet") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in PRIVATE_HOSTS for c in trigger.children
    ):
        return True
    if _recalled(trigger):
        return True
    if trigger.pos_ == "NOUN" and (
        trigger.lower_ == "talk" or (lemma == "gathering" and not _of_officials(trigger))
    ):
        return True
    if lemma in ("assemble", "gather") and any(c.dep_ == "dobj" for c in trigger.children):
        return True
    clause = trigger.head if trigger.dep_ == "conj" else trigger
    return (
        clause.dep_ in ("acl", "relcl")
        and trigger.dep_ in ("acl", "conj", "relcl")
        and clause.head.lemma_.lower() in NOT_GUESTS
    )


def _of_officials(noun: Token) -> bool:
    """'a gathering of leaders / of the Arab League'."""
    return any(
        g.lemma_.lower() in GUEST_NOUNS or g.ent_type_ in ("PERSON", "ORG", "NORP")
        for c in noun.children
        if c.lower_ == "of"
        for g in c.subtree
    )


def _recalled(trigger: Token) -> bool:
    """'recalling its ambassador to Moscow for consultations': the envoy leaves; no one meets there."""
    return any(t.lemma_.lower() == "recall" for t in (trigger, *list(trigger.ancestors)[:4]))


def _proposed_truce(tok: Token) -> bool:
    """'the ceasefire proposal', 'a truce plan': a truce that names a proposal or a deal, whose
    places are its parties."""
    return tok.lemma_.lower() in ("ceasefire", "truce") and (
        tok.head.lemma_.lower() in PROPOSAL_NOUNS or tok.head.lemma_.lower() in AGREEMENT_NOUNS
    )


# Armed forces and their weapons: sent or deployed somewhere, they are posted there, not fighting.
DEPLOYED = (
    CONFLICT_ACTORS
    | WEAPON_NOUNS
    | {
        "soldier",
        "soldiers",
        "convoy",
        "destroyer",
        "destroyers",
        "warship",
        "warships",
        "carrier",
        "battalion",
        "battalions",
        "tank",
        "tanks",
    }
)
DISMISSED = frozenset({"him", "her", "them", "me", "us"})


def _deployed(tok: Token) -> bool:
    """'Trump deploys three guided-missile destroyers off the coast of X', 'U.S. forces are deploying a
    convoy to areas controlled by the Syrian Democratic Forces in X': a force or a weapon that a sending
    verb governs is posted, whatever it is or carries."""
    node = tok
    while node.dep_ in ("compound", "amod", "nmod") and node.head.pos_ in ("NOUN", "PROPN"):
        node = node.head  # "guided-missile destroyers": the destroyers
    if node.lower_ not in DEPLOYED and node.lemma_.lower() not in DEPLOYED:
        return False
    while node.head.i != node.i:  # up to the sending verb, within its clause
        if node.dep_ in ("advcl", "ccomp", "xcomp", "relcl", "conj", "parataxis", "nsubj", "nsubjpass"):
            return False  # "sent troops after militants attacked X": the attack is its own clause
        node = node.head
        if node.pos_ == "VERB" and node.lemma_.lower() in POSTING_VERBS:
            return True
    return False


def _idle_weapon(tok: Token) -> bool:
    """A weapon that is the subject of a verb that does not land it: 'the KAIROS rocket suffers a
    launch failure', not 'a rocket hit X'."""
    return (
        tok.lower_ in WEAPON_NOUNS
        and tok.dep_ in ("nsubj", "nsubjpass")
        and tok.head.lemma_.lower() not in IMPACT_VERBS
    )


# People of companies and their workforce: meetings among them only are the guide's "company meetings".
CORPORATE_NOUNS = frozenset(
    """executive executives ceo ceos company companies firm firms shareholder shareholders investor
    investors board union unions worker workers employee employees banker bankers analyst analysts
    carrier airline bank automaker management manufacturer retailer""".split()
)


SPORTS_WORDS = frozenset(
    """cricket football soccer rugby tennis golf olympic olympics fifa uefa icc ioc league club clubs
    tournament athletics""".split()
)
GAME_WORDS = frozenset(
    """match matches wicket wickets innings goal goals stadium championship semi-final quarter-final final
    captain coach striker batsman bowler""".split()
)
STATE_WORDS = frozenset(
    """minister ministers president prime ambassador diplomat diplomats foreign secretary envoy king emir
    prince government""".split()
)


def _sports_meeting(sent: SpacySpan) -> bool:
    """A meeting told with sports bodies, or in a story of sport ("India meet New Zealand in Dubai next
    Sunday"), with no state's official in its sentence."""
    words = {t.lower_ for t in sent}
    if words & STATE_WORDS:
        return False
    return bool(words & SPORTS_WORDS) or sum(t.lower_ in SPORTS_WORDS | GAME_WORDS for t in sent.doc) >= 4


def _company_meeting(trigger: Token) -> bool:
    """Whether everyone at the meeting is a company's or a union's: "the company's chief executive met
    union leaders", "the carrier's chairman held talks with union leaders" (not "the chief executive
    of Boeing met Chinese officials")."""
    verb = trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "nsubjpass") else trigger
    subjects = _subjects(verb)
    if not subjects or not all(_corporate(t) for c in subjects for t in (c, *c.conjuncts)):
        return False
    partners = [
        t
        for tok in (trigger, verb)
        for c in tok.children
        for t in (
            (c,)
            if c.dep_ == "dobj"
            else (g for g in c.children if g.dep_ == "pobj")
            if c.lower_ == "with"
            else ()
        )
        if t.i != trigger.i
    ]
    return all(_corporate(t) for t in partners)


def _corporate(noun: Token) -> bool:
    """'the company's chief executive', 'union leaders', 'Boeing executives' (not 'the CEO of a
    state company' nor 'the trade minister')."""
    words = [noun, *(c for c in noun.children if c.dep_ in ("compound", "poss", "amod"))]
    if any(
        t.lower_ in TITLE_WORDS and t.lower_ not in ("leader", "leaders", "chairman", "chief") for t in words
    ):
        return False
    if noun.pos_ != "NOUN":
        return False  # "the African Union", "the European Union": bodies of states
    if noun.lemma_.lower() in CORPORATE_NOUNS or noun.lower_ in CORPORATE_NOUNS:
        return True
    return noun.lemma_.lower() in ("chairman", "leader", "chief", "head") and any(
        t.pos_ == "NOUN" and t.lemma_.lower() in CORPORATE_NOUNS for t in words[1:]
    )


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects, or those of the clause it continues: 'an earthquake strikes X,
    killing one person', 'a carrier crossed the strait and arrived in X'."""
    for _ in range(2):
        own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if verb.dep_ == "relcl" and all(c.tag_ in ("WDT", "WP") for c in own):
            return [verb.head]  # "tariffs that have targeted China"
        if own or verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head.i == verb.i:
            return own
        verb = verb.head
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _during_meeting(verb: Token) -> Token | None:
    """The meeting word of 'during a (state) visit / talks / a summit' said of the verb."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "during"):
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            if _is(obj, MEETING_WORDS) and obj.lemma_.lower() not in WEAK_MEETINGS:
                return obj
    return None


def _sends_envoy(verb: Token) -> bool:
    """'sent / dispatched his foreign minister (to X) (for talks / to discuss)': a visit to X."""
    if verb.lemma_.lower() not in ("send", "dispatch") or verb.pos_ != "VERB":
        return False
    envoys = [
        t
        for c in verb.children
        if c.dep_ == "dobj"
        for t in (c, *c.conjuncts)
        if t.lemma_.lower() in OFFICIAL_WORDS or any(w.lower_ in OFFICIAL_WORDS for w in t.lefts)
    ]
    purpose = any(
        c.dep_ in ("advcl", "xcomp", "prep")
        and any(_is(t, MEETING_WORDS) or t.lemma_.lower() in ("discuss", "negotiate") for t in c.subtree)
        for c in verb.children
    )
    return bool(envoys) and purpose


def _receives_guest(verb: Token) -> bool:
    """'received / welcomed / greeted' a person or an office-holder: a meeting where it happens
    (not 'received weapons')."""
    if verb.lemma_.lower() not in ("receive", "welcome", "greet"):
        return False
    return any(
        c.dep_ == "dobj" and (c.ent_type_ == "PERSON" or c.lemma_.lower() in GUEST_NOUNS)
        for c in verb.children
    )


def _hosts_meeting(verb: Token) -> bool:
    """'hosts / convenes a summit': the subject is where it meets (not 'holds talks with')."""
    return verb.lemma_.lower() in ("host", "convene") and any(
        c.dep_ == "dobj"
        and (
            _is(c, MEETING_WORDS)
            or (  # "hosted rounds of talks between the group and American envoy Zalmay Khalilzad"
                c.lemma_.lower() in ROUND_NOUNS
                and any(
                    p.lower_ == "of" and any(_is(g, MEETING_WORDS) for g in p.children) for p in c.children
                )
            )
        )
        for c in verb.children
    )


def _venue_named(verb: Token) -> bool:
    """'France and the UK host a conference in Northwood, London': the venue is named, and it is
    the meeting's place, not the hosts'."""
    return any(
        t.dep_ == "prep"
        and t.lower_ in ("in", "at")
        and any(g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC") for g in t.children)
        for t in verb.subtree
    )


def _summons_envoy(verb: Token) -> bool:
    """'summons the ambassador / chargé d'affaires': a meeting in the summoning country."""
    return verb.lemma_.lower() == "summon" and any(
        c.dep_ == "dobj" and any(t.lemma_.lower() in ENVOY_NOUNS for t in c.subtree) for c in verb.children
    )


# Verbs of concluding an agreement: "signed", "inked", "initialled", "struck", "hammered out", "clinched",
# "sealed", "reached" or "brokered" a deal (in X).
SIGNING_VERBS = frozenset(
    {
        "sign",
        "ink",
        "conclude",
        "initial",
        "strike",
        "hammer",
        "clinch",
        "seal",
        "reach",
        "broker",
        "finalize",
        "agree",
    }
)


def _signs_agreement(verb: Token) -> bool:
    """'signed a peace deal (in X)': signing an agreement is a meeting of its parties (CAMEO 057),
    not 'signed a decree'."""
    if verb.lemma_.lower() not in SIGNING_VERBS:
        return False
    if verb.lemma_.lower() == "initial" and any(c.dep_ == "dobj" for c in verb.children):
        return True  # "the two sides initialed the text": only accords are initialled
    if verb.dep_ in ("acl", "relcl") and verb.head.lemma_.lower() in AGREEMENT_NOUNS | {"understanding"}:
        return True  # "the deal, signed at Sarajevo airport by the two commanders"
    if verb.dep_ == "xcomp" and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in AGREEMENT_NOUNS for c in verb.head.children
    ):
        return True  # "the agreement is to be formally signed in Paris next month"
    return any(
        (c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in AGREEMENT_NOUNS)
        or (c.dep_ == "ccomp" and c.lower_ in AGREEMENT_NOUNS)  # "sign the ceasefire deal", 'deal' a verb
        for c in verb.children
    )  # "a treaty is signed in X" too


SETTLEMENT_NOUNS = frozenset(
    """settlement settlements village villages town towns city cities district districts area areas
    region province oblast municipality""".split()
)


def _controlled_place(below: list[Token]) -> bool:
    """Between 'control' and the place: 'of X' or 'of the settlement of X'."""
    if len(below) == 1:
        return True
    return len(below) == 3 and below[1].lemma_.lower() in SETTLEMENT_NOUNS and below[2].lower_ == "of"


def _takes_control(tok: Token) -> bool:
    """'took / seized / lost control of X' with the place itself as what is controlled (not
    'took control of a port in X')."""
    return tok.lower_ == "control" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in CONTROL_VERBS


WORDS_NOT_PLACES = frozenset(
    """proclamation decision policy plan remark remarks comment comments statement move idea proposal law
    bill media press report claim claims critic critics speech record rhetoric announcement deal inquiry
    investigation probe process impeachment handling approach stance verdict ruling""".split()
)
_LIST_END = re.compile(r",?\s*(?:and|or)\s+")
_LIST_GAP = re.compile(r",\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
STATIONING_NOUNS = frozenset(
    {"deployment", "dispatch", "presence", "withdrawal", "arrival", "rotation", "training", "stationing"}
)


# What is done to a truce is no fighting: "a ceasefire was signed in Bishkek", "the truce held in X".
SETTLING_VERBS = frozenset(
    """sign agree broker reach negotiate declare announce hold observe extend respect mediate""".split()
)
DRIVING_VERBS = frozenset({"send", "drive", "force", "push", "displace", "chase", "uproot"})
DISPLACED = frozenset("""refugee people civilian family thousand hundred resident villager""".split())


def _driven_out(verb: Token, root: Token) -> bool:
    """'The fighting has sent 250,000 refugees across the border into Tanzania': where people are
    driven to is their refuge, not the fighting's place."""
    return (
        root.dep_ == "pobj"
        and root.head.lower_ in ("into", "to", "toward", "towards", "across")
        and verb.lemma_.lower() in DRIVING_VERBS
        and any(c.dep_ == "dobj" and c.lemma_.lower() in DISPLACED for c in verb.children)
    )


def _carries_conflict(tok: Token) -> bool:
    """A governor whose object names the fighting: 'launched an offensive (in X)', 'carried out
    airstrikes (near X)'; or a noun counting it: 'a wave of bombings (in X)', 'days of
    fighting (in X)', 'a spate of kidnappings and bombings (in X)'."""
    fire = any(c.dep_ == "dobj" and c.lower_ == "fire" for c in tok.children)
    if tok.pos_ == "VERB" and tok.lemma_.lower() in FIRE_VERBS and fire:
        return True  # "opened fire on protesters in X", "exchanged fire near X"
    if tok.pos_ == "VERB" and tok.lemma_.lower() in LIGHT_VERBS:
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        objects += [  # "launched a new wave of airstrikes (across X)"
            g for o in objects for c in o.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
        ]
    elif tok.pos_ == "NOUN":
        if tok.lemma_.lower() in STATIONING_NOUNS:
            return False  # "the deployment / presence of troops in X": soldiers there, no fighting
        if tok.lemma_.lower() == "exchange" and any(
            g.lemma_.lower() in ("fire", "gunfire", "shot")
            for c in tok.children
            if c.lower_ == "of"
            for g in c.children
        ):
            return True  # "an exchange of fire in the Bekaa Valley town of Saadnayel"
        objects = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        objects = [g for g in objects if g.dep_ == "pobj"]
    else:
        return False
    return any(_is(t, CONFLICT_WORDS) for o in objects for t in (o, *o.conjuncts))


_YEAR = re.compile(r"1[89]\d\d|20\d\d")
# Words that set a sentence in the news of the day, not in history told before it.
RECENT_WORDS = frozenset(
    """today yesterday tonight monday tuesday wednesday thursday friday saturday sunday now currently
    recently week weekend""".split()
)
_YEARS_AGO = re.compile(
    r"\b(?:[2-9]|\d\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty)\s+years\s+ago\b",
    re.I,
)
_YEAR_IN_TEXT = re.compile(r"(?<![\d,.])(1[89]\d\d|20\d\d)(?![\d,])")
_OLD_WARS = re.compile(
    r"\b(?:World War (?:I|II|One|Two)|(?:First|Second) World War|Cold War|colonisation|colonization)\b"
)


HOLDING_VERBS = frozenset({"have", "maintain", "keep", "operate", "run"})


def _no_post(post: Token) -> bool:
    """'has no embassy here', 'does not have an embassy in Tehran': no post is there (not 'did not
    close its embassy', nor 'no longer has an embassy', a post closed)."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in post.children):
        return True
    verb = post.head
    return (
        post.dep_ == "dobj"
        and verb.lemma_.lower() in HOLDING_VERBS
        and any(c.dep_ == "neg" for c in verb.children)
    )


SPEAKER_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "statement", "office", "headquarters"})
FLYING_OFFICIALS = frozenset(
    """minister president secretary envoy ambassador leader premier chancellor king emir prince pope
    mediator""".split()
)
CITY_PARTS = frozenset(
    """suburb suburbs outskirts outskirt airport port harbour harbor centre center street streets
    neighbourhood neighborhood neighbourhoods neighborhoods district districts edge heart""".split()
)
PEACEFUL_ACTS = frozenset({"celebrate", "parade", "pray", "mourn", "rest", "dance"})
ROUTE_NOUNS = frozenset(
    {"link", "road", "highway", "route", "line", "corridor", "way", "railway", "pipeline", "midway"}
)
OFFER_VERBS = frozenset({"offer", "volunteer"})  # (not "proposes holding talks in Istanbul on May 15")
ATTITUDE_VERBS = frozenset(
    """welcome hail praise applaud criticise criticize condemn denounce reject oppose back support""".split()
)
COUNCIL_ACTS = frozenset(
    {"vote", "adopt", "approve", "pass", "meet", "debate", "decide", "condemn", "demand"}
)
NEWS_NOUNS = frozenset({"report", "news", "word", "account", "dispatch", "information"})
DELIBERATE_VERBS = frozenset({"discuss", "debate", "consider", "review", "examine"})
OFFICIAL_BODIES = frozenset(
    """ministers leaders officials delegates delegations envoys diplomats negotiators representatives
    heads ambassadors""".split()
)
DISCUSSED = frozenset({"idea", "measure", "sanction", "step", "option", "package", "text", "issue", "matter"})


def _flown_to(root: Token, chain: list[Token]) -> Token | None:
    """The verb of 'flew / jetted (on Friday) to X', not back or home."""
    if root.dep_ != "pobj" or root.head.lower_ not in ("to", "into"):
        return None
    verb = next((t for t in chain[1:3] if t.ent_type_ != "DATE" and t.pos_ != "ADP"), None)
    if (
        verb is None
        or verb.lemma_.lower() not in ("fly", "jet", "continue", "proceed")
        or verb.pos_ != "VERB"
    ):
        return None
    if any(
        c.lower_ in ("back", "home")
        or c.dep_ == "dobj"
        or (
            c.dep_ in ("advcl", "xcomp")
            and c.pos_ in ("VERB", "AUX")
            and any(a.lower_ == "to" for a in c.children)
        )
        for c in verb.children
    ):
        # "flew back to New Delhi", "Mahan flies fighters and cargo to Syria", "flew to Paris to watch the
        # final" (a purpose says what the trip is for: _meeting_purpose reads it)
        return None
    subjects = _subjects(verb)
    for above in list(verb.ancestors)[:3]:  # "will confer with Sarkozy ..., before flying to Tbilisi"
        if subjects:
            break
        subjects = [c for c in above.children if c.dep_ == "nsubj"]
    people = [t for s in subjects for t in (s, *s.children)]
    if not any(t.ent_type_ == "PERSON" or t.lemma_.lower() in FLYING_OFFICIALS for t in people):
        return None  # "the expelled diplomats left the embassy compound to fly to Moscow"
    return verb


def _travelled_to_meet(root: Token, chain: list[Token]) -> Token | None:
    """The meeting word of a clause joined to 'flew / travelled / rode to X': 'was flown to New Delhi
    and held talks with Gandhi', 'rode the bus to Lahore and signed a declaration with Sharif'."""
    if root.dep_ != "pobj" or root.head.lower_ not in ("to", "in") or not chain:
        return None
    verb = next((t for t in chain[1:4] if t.pos_ == "VERB"), None)
    if verb is None or verb.lemma_.lower() not in ARRIVALS | {"ride", "go", "head", "return"}:
        return None
    for other in verb.conjuncts:
        if other.i < verb.i:
            continue
        if _is(other, MEETING_WORDS) and other.pos_ == "VERB":
            return other  # "arrived in X and met"
        if _signs_agreement(other):
            return other
        talks = next((c for c in other.children if c.dep_ == "dobj" and _is(c, MEETING_WORDS)), None)
        if talks is not None and other.lemma_.lower() in ("hold", "have", "begin", "open"):
            return talks
    return None


def _deliberated_in(root: Token, chain: list[Token]) -> Token | None:
    """The verb of 'discuss (the idea) in X'."""
    if root.dep_ != "pobj" or root.head.lower_ not in ("in", "at") or len(chain) < 2:
        return None
    verb = chain[1]
    if verb.dep_ == "dobj" and len(chain) > 2 and (verb.lower_ in PROPOSAL_NOUNS or verb.lemma_ in DISCUSSED):
        verb = chain[2]  # "discuss the idea in X", not "discussed the situation in Syria"
    if any(
        c.lower_ == "with" and any(g.lower_ in ("reporters", "journalists", "press") for g in c.children)
        for c in verb.children
    ):
        return None  # "discussed trade with reporters in Chicago": a press appearance
    return verb if verb.lemma_.lower() in DELIBERATE_VERBS and verb.pos_ == "VERB" else None


def _dates_other_clause(year: Token, triggers: list[Token]) -> bool:
    """The year is in a relative clause that holds none of the fighting words: it dates that clause
    ('a war for independence that began in 1961'), not the fighting."""
    node = year
    while node.head.i != node.i:
        if node.dep_ == "relcl":
            return bool(triggers) and not any(node.left_edge.i <= t.i <= node.right_edge.i for t in triggers)
        node = node.head
    return False


def _dates_clause(year: Token) -> bool:
    """The year is when something happened ('in 1978', 'of 2001', 'in December 2024'), not part
    of a name ('the 2015 Minsk agreement', '2026 Iran war')."""
    if year.dep_ in ("nummod", "compound", "amod", "npadvmod") and (
        any(t.lemma_.lower() in DATED_WARS for t in (year.head, year.head.head))
        or (
            year.head.lemma_.lower() in DATED_ATTACKS
            and not (year.i > 0 and year.doc[year.i - 1].text == ",")
        )
    ):
        # "during the 1967 Six-Day War": a war's year dates it ("2026 Iran war" is now); "the 2018
        # Novichok attack" too, but not a day's year beside it ("the October 7, 2023 attacks" are
        # named after their day)
        return True
    in_date = year.dep_ in ("nummod", "appos", "npadvmod", "compound") and year.head.ent_type_ == "DATE"
    head = year.head if in_date else year
    if head.dep_ == "pobj":
        return head.head.lower_ in ("in", "during", "of", "by", "from", "until")
    return head.dep_ == "npadvmod"


def _titles_a_person(root: Token) -> bool:
    """'Laurel County Judge-Executive Lawrence Kuhl': a name in a title before a person's name."""
    node = root
    while node.dep_ == "compound" and node.head.i > node.i:
        node = node.head
    return node.i != root.i and node.ent_type_ == "PERSON" and root.ent_type_ != "PERSON"


def _party_to_agreement(root: Token) -> bool:
    """'the ceasefire between Iran and the United States', 'a truce with Hamas', 'a deal between
    X and Y': who agrees is a party, neither the place of the fighting nor of a meeting. ``root``
    is a list's first place (``_SentenceReader._root``)."""
    prep = root.head
    return (
        root.dep_ == "pobj"
        and prep.lower_ in ("between", "with")
        and (prep.head.lemma_.lower() in AGREEMENT_NOUNS or prep.head.lemma_.lower() in SIDES_OF)
    )


# What has sides named after "with" or "between": "in a military conflict with Russia", "the war
# with Nagorno-Karabakh", "not seeking negotiations with the United States", "after talks between the U.S.
# and Russia", "a joint operation between Iraqi security forces and the United States".
SIDES_OF = frozenset(
    """war conflict confrontation hostilities dispute standoff tension tensions negotiation negotiations
    rivalry talk talks meeting summit dialogue relations operation exercise""".split()
)


LAUNCHED = frozenset(
    """missile missiles rocket rockets drone drones projectile projectiles shell shells attack attacks
    strike strikes fire launch intercept""".split()
)


def _launched_from(root: Token) -> bool:
    """'missiles from Iran', 'drones launched from Yemen', 'a rocket fired from Kuwait': where an
    attack comes from is the attacker's home, not the place attacked (the guide's 'Turkey shelled
    Qamishli')."""
    if root.dep_ in ("compound", "amod", "nmod") and root.head.lemma_.lower() in AIR_BASES:
        root = root.head  # "had taken off from Gwalior air base"
    prep = root.head
    if (
        prep.lower_ == "in"
        and prep.head.dep_ == "pobj"
        and prep.head.head.lower_ == "from"
        and _launched_from(prep.head)
    ):
        return True  # "jets flying from N'Djamena in Chad": Chad is where they come from too
    if (
        prep.lower_ == "in"
        and prep.head.pos_ == "VERB"
        and prep.head.lemma_.lower() in SORTIE_VERBS
        and any(c.lower_ == "from" for c in prep.head.children)
    ):
        return True  # the same, "in Chad" hung on "flying"
    if prep.lower_ in ("inside", "within") and prep.head.lower_ == "from":  # "fired from inside Iraq"
        prep = prep.head
    if (
        prep.lower_ == "in"
        and prep.head.dep_ == "pobj"
        and prep.head.lower_ in ("territory", "soil", "base", "bases", "position", "positions", "camps")
        and prep.head.head.lower_ == "from"
    ):
        prep = prep.head.head  # "launch a ballistic missile from their territory in Yemen"
        if prep.head.pos_ == "VERB":
            return root.dep_ == "pobj"  # "attacked border posts from bases in Costa Rica"
    return (
        root.dep_ == "pobj"
        and prep.lower_ == "from"
        and (
            _comes_from(prep.head)  # "fuel trucks from Senegal", "peacekeeping troops from Guatemala"
            or prep.head.lemma_.lower() in LAUNCHED
            or prep.head.lemma_.lower() in MOTION_VERBS
            or prep.head.lower_ in CONFLICT_ACTORS
            or (prep.head.pos_ == "VERB" and prep.head.lemma_.lower() in SORTIE_VERBS)
            or (prep.head.lemma_.lower() == "take" and any(c.lower_ == "off" for c in prep.head.children))
        )
    )


# Who tells of the fighting from a place: the place is none of it. ("The government in X" is not here:
# "talks with the Syrian government in Riyadh" hangs the talks' venue on it.)
SOURCE_NOUNS = frozenset({"source", "sources"})
REFUGE_VERBS = frozenset({"flee", "escape", "cross", "pour", "stream", "seek"})
PLACE_SPEECH = frozenset(
    {"say", "call", "claim", "deny", "allege", "describe", "term", "accuse", "insist", "blame", "brand"}
)


RELATION_NOUNS = frozenset({"tie", "ties", "relation", "relations", "relationship", "tension", "tensions"})
PEOPLE_NOUNS = frozenset(
    """contractor contractors citizen citizens national nationals journalist journalists worker workers
    tourist tourists civilian civilians general officer student students diplomat diplomats aid
    hostage hostages businessman engineer engineers""".split()
)


def _nationality_of_people(root: Token, is_place: bool) -> bool:
    """A country that only says whose people were hurt or who someone was: not the fighting's place."""
    if root.dep_ not in ("compound", "amod", "nmod") or not is_place:
        return False
    head = root.head
    while (
        head.dep_ in ("compound", "amod")
        and head.head.pos_ == "NOUN"
        and head.lemma_.lower() not in PEOPLE_NOUNS
    ):
        head = head.head  # "a US civilian contractor", "Soviet air force general"
    return head.lemma_.lower() in PEOPLE_NOUNS or head.lower_ in PEOPLE_NOUNS


def _agreement_about(below: list[Token]) -> bool:
    """'signed an agreement on Palestinian self-rule in the Gaza Strip': the place is what the
    agreement is about, not where it was signed."""
    return any(
        t.lower_ in ("on", "over", "about")
        and t.head.lemma_.lower() in AGREEMENT_NOUNS
        and any(c.dep_ == "pobj" and c.ent_type_ not in ("DATE", "TIME") for c in t.children)
        for t in below
    )


def _refuge(root: Token) -> bool:
    """Where people fled to or crossed into: 'sent 25,000 refugees fleeing into Sudan', 'some
    150,000 who crossed into Mauritania' (not armed men crossing)."""
    if root.dep_ == "conj":
        return _refuge(root.head)
    if root.dep_ != "pobj" or root.head.lower_ not in ("into", "to", "across"):
        return False
    verb = root.head.head
    lemma = verb.lemma_.lower()
    if lemma in FLIGHT_VERBS:
        return True
    if lemma not in REFUGE_VERBS:
        return False
    who = _subjects(verb)
    if verb.dep_ == "relcl":
        who = [*who, verb.head]  # "150,000 who crossed into Niger"
    return bool(who) and all(
        w.pos_ == "NUM"
        or w.lemma_.lower() in DISPLACED
        or w.lower_ in ("who", "many", "thousands")
        or any(c.pos_ == "NUM" for c in w.children)
        for w in who
    )


def _place_speaks(root: Token) -> bool:
    """A place that says, calls, claims or denies: its government speaking, not where it happens."""
    while root.dep_ == "conj":
        root = root.head
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in PLACE_SPEECH


AIR_BASES = frozenset({"base", "airbase", "airfield", "airport", "airstrip"})
# Where aircraft and forces set out from: "jets flying from N'Djamena", "F-16s operating from X".
SORTIE_VERBS = frozenset(
    {"fly", "operate", "depart", "sortie", "launch", "deploy", "redeploy", "stage", "draw", "recruit"}
)
# Where a group is based or a weapon is made is neither where it fights nor where it is used.
BASED_OR_MADE = frozenset(
    {"base", "headquarter", "headquartered", "produce", "manufacture", "build", "make", "assemble"}
)


def _based_or_made_in(root: Token) -> bool:
    """'Jaish-e-Mohammad, which is based in Bahawalpur, claimed the bombing', 'tanks produced at the
    Uralvagonzavod plant in Nizhny Tagil'."""
    if root.dep_ != "pobj" or root.head.lower_ not in ("in", "at"):
        return False
    head = root.head.head
    if head.dep_ == "pobj" and head.head.lower_ in ("in", "at"):
        head = head.head.head  # "at the plant in X"
    return head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in BASED_OR_MADE


# Where a thing or a person comes from, said of a noun ("fuel trucks from Senegal", "a worker from
# Thailand is killed"), is an origin; these nouns name leaving the place where it happens.
LEAVING_NOUNS = frozenset(
    """withdrawal retreat evacuation escape expulsion exodus flight pullout departure ouster eviction
    displacement""".split()
)


def _comes_from(head: Token) -> bool:
    if head.pos_ == "NUM" and head.dep_ != "nummod":
        return True  # "thirteen peacekeepers, including nine from South Africa": people counted by origin
    return head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in LEAVING_NOUNS


MODALS = frozenset({"could", "may", "might", "would", "will", "'ll", "shall"})
UNREAL_GOVERNORS = frozenset(
    {
        "threaten",
        "plan",
        "prepare",
        "plot",  # "arrested for plotting terror attacks across Europe"
        "conspire",
        "vow",
        "prevent",
        "avert",
        "cancel",
        "consider",
        "propose",
        "urge",
        "intend",  # "the system was intended to shoot down Russian missiles"
        "design",
    }
)
DATED_WARS = frozenset(
    {"war", "conflict", "invasion", "intifada", "uprising", "revolution", "coup", "massacre"}
)
DATED_ATTACKS = frozenset({"attack", "bombing", "siege", "raid", "poisoning"})
CAUSE_WORDS = frozenset({"due", "after", "following", "because", "amid", "amidst", "over", "since"})
HAPPEN_VERBS = frozenset(
    """happen occur come begin start erupt break resume spread escalate follow take be become hit strike
    target reach""".split()
)
UNREAL_MODIFIERS = frozenset({"planned", "possible", "potential", "imminent", "threatened", "future"})


def _unreal_event(tok: Token) -> bool:
    if any(c.dep_ == "amod" and c.lower_ in UNREAL_MODIFIERS for c in tok.children):
        return True  # "planned military strikes", "imminent attack threats"
    if any(c.dep_ == "amod" and c.lemma_.lower() in ("capable", "able") for c in tok.children):
        return True  # "missiles capable of reaching the United States": what they could do
    verb = tok
    for _ in range(3):  # the verb the word is the action or the object of
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
        if verb.lower_ in CAUSE_WORDS:
            return False  # "cancels the talks due to recent strikes against the country": a cause happened
    if verb.lemma_.lower() == "continue":
        return False
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
        return True  # "to evacuate foreigners if fighting reaches Kinshasa": a condition, not an event
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children):
        # "an attack could happen" has not happened; "the war in X could worsen the outbreak" has
        return not (tok.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() not in HAPPEN_VERBS)
    governor = verb.head if verb.dep_ in ("xcomp", "ccomp", "dobj") else verb
    lemma = governor.lemma_.lower()
    if lemma == "call" and any(c.dep_ == "prt" and c.lower_ == "off" for c in governor.children):
        return True
    return lemma in UNREAL_GOVERNORS and governor.i != tok.i


def _armed_destruction(tok: Token) -> bool:
    """'The Israeli military destroys the largest bridge in southern Lebanon': an armed force (or a
    weapon) destroys something; not 'a storm destroyed homes'."""
    blown_up = tok.lemma_.lower() == "blow" and any(
        c.dep_ == "prt" and c.lower_ == "up" for c in tok.children
    )
    return (
        tok.pos_ == "VERB"
        and (tok.lemma_.lower() in ("destroy", "demolish") or blown_up)  # "guerrillas blew up pylons"
        and any(
            t.lower_ in ARMED_WORDS or t.lemma_.lower() in ARMED_WORDS
            for s in _subjects(tok)
            for t in (s, *s.children)
            if s.dep_ == "nsubj"
        )
    )


def _armed_operation(tok: Token) -> bool:
    """'a ground operation', 'the military campaign': not 'a rescue operation', 'an election campaign'."""
    return tok.lower_ in OPERATION_NOUNS and any(
        c.dep_ in ("amod", "compound") and c.lower_ in ARMED_MODIFIERS for c in tok.children
    )


def _defends(root: Token) -> Token | None:
    """The place defends itself against an attack, so the attack is on its ground: 'Kuwait
    intercepts missiles', 'Saudi Arabia's air defenses shoot down drones', 'Kuwait, Saudi Arabia
    and the UAE report that they have intercepted missiles'. Returns the defending verb."""
    while root.dep_ in ("conj", "appos") and root.head.i < root.i:
        root = root.head
    subject = root
    if root.dep_ in ("poss", "compound", "amod") and root.head.lemma_.lower() in DEFENDER_NOUNS:
        subject = root.head  # "Saudi Arabia's air defenses", "the Bahraini military"
    if subject.dep_ != "nsubj":
        return None
    verb = subject.head
    if _defending(verb):
        return verb
    if verb.lemma_.lower() in SAY_VERBS:  # "X says (that) it / its forces intercepted ..."
        for clause in (c for c in verb.children if c.dep_ == "ccomp" and _defending(c)):
            said_by = [c for c in clause.children if c.dep_ == "nsubj"]
            if any(c.tag_ == "PRP" or c.lemma_.lower() in DEFENDER_NOUNS for c in said_by):
                return clause
            if not said_by and any(c.dep_ == "nsubjpass" for c in clause.children):
                return clause  # "the Bahraini military reports that 74 missiles have been intercepted"
    return None


def _defending(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma == "shoot":
        return any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children)
    return verb.pos_ == "VERB" and lemma in DEFEND_VERBS


# What fighting does to a place: the verb of the place's clause, its cause a fighting word.
HARM_VERBS = frozenset(
    """collapse break erupt burn destroy damage kill injure wound die occur report start spread rage
    catch cause hit""".split()
)
CAUSE_PREPOSITIONS = frozenset({"following", "after", "due", "because", "in"})
BARRAGE_NOUNS = frozenset({"barrage", "salvo", "volley", "wave"})


def _harm_from_fighting(verb: Token) -> Token | None:
    """The fighting word that harm in the place's clause comes from: 'collapsed due to artillery
    strikes', 'a fire is reported following a drone attack', 'is damaged in an Iranian attack',
    'a rocket barrage causes a fire'."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in HARM_VERBS:
        return None
    causes = [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in CAUSE_PREPOSITIONS
        for g in (
            *c.children,
            *(x for k in c.children if k.dep_ == "pcomp" or k.lower_ in ("to", "of") for x in k.children),
        )
        if g.dep_ == "pobj"
    ]
    if verb.lemma_.lower() == "cause":
        causes += [c for c in verb.children if c.dep_ == "nsubj"]
    for noun in causes:
        if noun.lower_ in CONFLICT_ACTORS:
            continue
        if (_is(noun, CONFLICT_WORDS) and _fighting(noun)) or (
            noun.lemma_.lower() in BARRAGE_NOUNS
            and any(_is(c, CONFLICT_WORDS) for c in noun.children if c.dep_ in ("compound", "amod", "nmod"))
        ):
            return noun
    return None


def _by_fighting(verb: Token) -> Token | None:
    """A passive verb whose agent is fighting: 'injured by Israeli fire', 'destroyed by an airstrike'."""
    if verb.pos_ != "VERB":
        return None
    return _fighting_object([c for c in verb.children if c.dep_ == "agent"])


def _fighting_where(root: Token) -> Token | None:
    """'Libya, where a civil war is underway', 'Sudan, where fighting has raged since April': a
    clause on the place says fighting goes on there. Returns the word that names the fighting."""
    for clause in (c for c in root.children if c.dep_ == "relcl"):
        if not any(c.lower_ == "where" and c.dep_ == "advmod" for c in clause.children):
            continue
        for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            if _is(subj, CONFLICT_WORDS) and _fighting(subj):
                return subj
    return None


# (not "expel": "parliament votes to expel U.S. troops from the country" is politics)
DISLODGE_VERBS = frozenset({"oust", "drive", "push", "dislodge", "rout", "flush", "clear"})


def _dislodged_from(root: Token) -> Token | None:
    """'efforts to oust ISIS from Sirte', 'drove Islamic State out of Mosul': an armed force driven
    from the place (not 'ousted from power', 'voted to expel U.S. troops from the country'). Returns
    the verb."""
    prep = root.head
    if (
        root.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.lemma_.lower() in NAMING_NOUNS
        and prep.head.dep_ == "pobj"
    ):
        root, prep = prep.head, prep.head.head  # "drove al-Shabaab out of the port city of Kismayu"
    if root.dep_ != "pobj" or prep.lower_ not in ("from", "of"):
        return None
    verb = prep.head
    if prep.lower_ == "of":  # "out of"
        if verb.lower_ != "out":
            return None
        verb = verb.head
    if verb.lemma_.lower() not in DISLODGE_VERBS:
        return None
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        armed = obj.lower_ in CONFLICT_ACTORS or obj.lemma_.lower() in ARMED_WORDS
        named = obj.ent_type_ in ("ORG", "NORP") or obj.pos_ == "PROPN"  # "ISIS", "Islamic State"
        if armed or (named and _names_armed_force(obj.sent)):
            return verb
    return None


def _undergoes(root: Token) -> Token | None:
    """The place suffers the fighting as the subject: 'X was hit by a barrage of missiles',
    'X came under heavy shelling / fire', 'the village of X came under attack'. Returns the word that
    names the fighting."""
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in AREA_NOUNS:
        root = root.head.head
    if (
        root.dep_ == "pobj"
        and root.head.lower_ in ("in", "at")
        and root.head.head.dep_ == "nsubj"
        and root.head.head.lemma_.lower() in HELD_POSTS
    ):
        root = root.head.head  # "government garrisons in Kandahar have been under guerrilla fire"
    verb = root.head
    if root.dep_ == "nsubjpass":
        preps = [c for c in verb.children if c.dep_ == "agent"]
    elif root.dep_ == "nsubj" and verb.lemma_.lower() in ("come", "fall"):
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "under"]
    elif root.dep_ == "nsubj" and verb.lemma_.lower() == "be":
        # "have been under near-constant guerrilla fire" (with a modifier: not "under fire" from critics)
        preps = [
            c
            for c in verb.children
            if c.dep_ == "prep"
            and c.lower_ == "under"
            and any(
                (g.lower_ == "fire" and any(m.dep_ in ("amod", "compound") for m in g.children))
                or g.lemma_.lower() in ("bombardment", "shelling", "siege", "attack", "assault", "blockade")
                for g in c.children
            )
        ]  # "Stepanakert has been under near-constant bombardment"
    else:
        return None
    return _fighting_object(preps)


# Who holds a town and comes under fire there: "government garrisons in Kandahar".
HELD_POSTS = frozenset({"garrison", "troops", "forces", "positions", "position", "base", "bases", "outpost"})


# What is done to a town taken by force: "Lashkar Gah was overrun", "Kuwait was liberated".
SEIZED_VERBS = frozenset(
    """overrun capture seize take storm besiege encircle occupy shell bomb bombard raze recapture retake
    liberate flatten level destroy devastate""".split()
)
SEIZED_PARTICIPLES = frozenset(
    """overrun captured seized taken stormed besieged encircled occupied shelled bombed razed recaptured
    retaken liberated flattened levelled leveled destroyed devastated""".split()
)
# Armed groups that news names by name, not as "rebels" or "militants".
ARMED_GROUPS = frozenset(
    """taliban hezbollah hizbollah hamas houthis houthi shabaab al-shabaab isis isil daesh unita renamo
    tplf ltte farc mujahedeen mujahideen contras kla rpf rsf m23 pkk ypg sdf hts eplf splm jem""".split()
)
# "Prices fell by 3 percent", "fell into recession", "fell silent": a fall that is no capture.
NOT_CAPTURE_FALLS = frozenset({"by", "into", "from", "below", "behind", "short", "off", "through", "within"})


def _fell(root: Token) -> Token | None:
    """'Kandahar fell to the Taliban', 'the northern city of Mazar-i-Sharif fell on Saturday as militia
    leaders fled', 'Lashkar Gah was overrun': a town that falls, or is taken, in a sentence that names
    an armed force or fighting. Returns the verb."""
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in AREA_NOUNS:
        root = root.head.head  # "the city of X fell"
    for noun in (root, *(c for c in root.children if c.dep_ == "appos")):
        for clause in (c for c in noun.children if c.dep_ == "relcl"):
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.tag_ in ("WDT", "WP") and _fell(subject) is not None:
                return clause  # "Novoazovsk, a border town that fell to the rebels late last month"
    verb = root.head
    if root.dep_ == "nsubjpass" and verb.lemma_.lower() in SEIZED_VERBS:
        pass
    elif (
        root.dep_ == "nsubj"
        and verb.lemma_.lower() == "be"
        and any(c.dep_ in ("attr", "acomp") and c.lower_ in SEIZED_PARTICIPLES for c in verb.children)
    ):
        pass  # "Lashkar Gah was overrun", which the parser reads as "was" + a noun
    elif root.dep_ == "nsubj" and verb.lemma_.lower() == "fall" and verb.pos_ == "VERB":
        if any(
            c.lower_ in NOT_CAPTURE_FALLS
            or c.dep_ in ("acomp", "oprd", "dobj")
            or (c.dep_ == "npadvmod" and any(g.like_num for g in c.subtree))  # "fell 3 percent"
            for c in verb.children
        ):
            return None
    else:
        return None
    return verb if _armed_told(verb.sent) and not _unreal_event(verb) else None


def _armed_told(sent: SpacySpan) -> bool:
    """The sentence names an armed force, a weapon or a war, or an armed group by its name."""
    return _names_armed_force(sent) or any(t.lower_ in ARMED_GROUPS for t in sent)


def _taken_by_force(root: Token) -> Token | None:
    """'rebel columns had taken Kenge', 'they have controlled Zaire's second city Lubumbashi' (of
    rebels): a town an armed force takes or holds. Returns the verb."""
    node = root
    if node.dep_ in ("appos", "compound") and node.head.lower_ in ("city", "town", "capital", "port"):
        node = node.head
    verb = node.head
    if node.dep_ != "dobj" or verb.lemma_.lower() not in ("take", "control", "hold"):
        return None
    subjects = _subjects(verb)
    armed = any(
        t.lower_ in ARMED_WORDS or t.lemma_.lower() in ARMED_WORDS or t.lower_ in ARMED_GROUPS
        for s in subjects
        for t in s.subtree
    )
    if not armed and any(s.pos_ == "PRON" for s in subjects):
        armed = _armed_told(verb.sent)
    return verb if armed and not _unreal_event(verb) else None


def _fighting_object(preps: Sequence[Token]) -> Token | None:
    """The object of 'by' / 'under' that names fighting ('by Israeli fire', 'under heavy shelling')."""
    for obj in (o for p in preps for o in p.children if o.dep_ == "pobj"):
        if obj.lemma_.lower() in CONFLICT_ACTORS or obj.lower_ in CONFLICT_ACTORS:
            continue  # 'criticised by rebels': who acts, not what happened
        if _is(obj, CONFLICT_WORDS) or obj.lower_ == "fire" or _carries_conflict(obj):
            return obj
    return None


def _topic_of_meeting(above: list[Token]) -> bool:
    """'talks on a cessation of hostilities (in Doha)': the fighting is what the meeting is
    about, and the place is more likely where it meets."""
    return (
        len(above) == 2 and above[0].lower_ in ("on", "about", "over", "for") and _is(above[1], MEETING_WORDS)
    )


def _situation_worsens(tok: Token) -> bool:
    """'the security situation has deteriorated (in X)', 'the situation in X worsened'."""
    return tok.lemma_.lower() in WORSEN_VERBS and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in SITUATION_NOUNS for c in tok.children
    )


def _clause_chain(root: Token) -> list[Token]:
    """The place's governors up to six hops, stopping at the verb of its own clause when that
    clause is coordinated, relative or adverbial with its own subject: in 'Police clashed in X,
    and Y's government imposed a curfew', Y belongs to 'imposed', not to 'clashed'; in 'the war
    displaced millions, many of whom fled to Y', Y belongs to 'fled'."""
    chain: list[Token] = []
    for tok in list(root.ancestors)[:6]:
        chain.append(tok)
        own_subject = any(  # not "a tour that includes stops in X": 'that' is the tour
            c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP") for c in tok.children
        )
        if tok.dep_ in ("conj", "relcl", "advcl") and tok.pos_ in ("VERB", "AUX") and own_subject:
            break
    return chain


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def _carry_meetings(
    out: list[list[RoleReading]],
    mentions: Sequence[PlaceMention],
    docs: Sequence[tuple[int, Doc]],
    published: date | None,
    last: int | None,
) -> None:
    """'Ahead of the SCO Contact Group meeting tomorrow': a meeting sentence with no place of its
    own, right after a meeting placed somewhere, happens at that place."""
    meeting_places = [i for i, rs in enumerate(out) if any(r.role == Role.MEETING for r in rs)]
    if not meeting_places:
        return
    taken = {mentions[i].sentence.start for i in range(len(mentions)) if out[i]}
    for offset, doc in docs:
        for sent in doc.sents:
            start = sent.start_char + offset
            if start in taken or not any(
                t.lower_ in ("meeting", "meetings", "summit", "talks") for t in sent
            ):
                continue
            previous = [
                i
                for i in meeting_places
                if mentions[i].sentence.end <= start and start - mentions[i].sentence.end < 400
            ]
            if not previous:
                continue
            host = max(previous, key=lambda i: mentions[i].sentence.end)
            participants = tuple(e.text.removeprefix("the ") for e in sent.ents if _is_party(e))
            out[host].append(
                RoleReading(
                    Role.MEETING,
                    Span(start, sent.end_char + offset, sent.text),
                    0.6,
                    participants=participants[:8],
                    when=resolve_when(sent.text, published),
                    trigger="meeting",
                )
            )


def _met_at_dateline(
    out: list[list[RoleReading]],
    mentions: Sequence[PlaceMention],
    docs: Sequence[tuple[int, Doc]],
    published: date | None,
    dateline: int,
    officials: frozenset[str],
) -> None:
    """'DAMASCUS (AP) _ ... Eagleton and al-Sharaa met privately for about 20 minutes before the
    ceremony': officials who meet in an early sentence of a datelined story that names no place at
    all meet where the story is."""
    if any(r.role == Role.MEETING for r in out[dateline]):
        return
    taken = {m.sentence.start for m in mentions if m.label in PLACED_LABELS}
    seen = 0
    for offset, doc in docs:
        for sent in doc.sents:
            seen += 1
            if seen > 10:
                return
            start = sent.start_char + offset
            if any(t.lower_ in REMOTE_TALKS for t in sent):
                continue
            trigger = _lead_talks(sent) if seen == 1 else None
            if trigger is None and start not in taken:
                trigger = next((tok for tok in sent if _officials_meet(tok, officials)), None)
            if trigger is not None:
                out[dateline].append(
                    RoleReading(
                        Role.MEETING,
                        Span(start, sent.end_char + offset, sent.text),
                        0.6,
                        when=resolve_when(sent.text, published),
                        trigger=trigger.text,
                    )
                )
                return


def _officials_meet(tok: Token, officials: frozenset[str]) -> bool:
    """'met' with who met whom named (two, or one and the one met), one of them titled somewhere in
    the story ("U.S. Ambassador William Eagleton")."""
    if tok.lemma_.lower() != "meet" or tok.pos_ != "VERB" or any(c.dep_ == "neg" for c in tok.children):
        return False
    people = [t for s in _subjects(tok) for t in (s, *s.conjuncts)]
    if len(people) < 2 and not any(c.dep_ == "dobj" for c in tok.children):
        return False
    return any(t.text in officials for t in people)


def _lead_talks(sent: SpacySpan) -> Token | None:
    """'LAUSANNE (AFP) - Iran and six world powers on Thursday agreed the outlines of a deal ... after
    eight days of talks': the lead of a datelined story tells of talks held (after, during, at the
    end of them) between states or officials and sets them nowhere else: they were held where the
    story is."""
    if any(
        t.dep_ == "pobj" and t.head.lower_ in LOCATIVE_PREPOSITIONS and t.ent_type_ in ("GPE", "LOC", "FAC")
        for t in sent
    ):
        return None  # "after talks in Geneva": set somewhere the sentence says
    if not any(t.ent_type_ in ("GPE", "NORP") or t.lower_ in OFFICIAL_WORDS for t in sent):
        return None  # "union leaders ended three days of talks": no state, no official
    for tok in sent:
        if tok.lower_ in ("talks", "negotiations") and tok.dep_ == "pobj":
            prep = tok.head if tok.head.lower_ != "of" else tok.head.head.head
            if prep.lower_ in ("after", "during", "following", "at", "in"):
                return tok
    return None


def _merge_post_status(out: list[list[RoleReading]], mentions: Sequence[PlaceMention]) -> None:
    """One status per post and place across the article: the strongest evidence wins, and a
    sentence about the place with evacuation words but a hedge makes it at risk."""
    posts: dict[str, list[RoleReading]] = defaultdict(list)
    for i, rs in enumerate(out):
        posts[mentions[i].query.lower()].extend(r for r in rs if r.role == Role.DIPLOMATIC_POST)
    for i, m in enumerate(mentions):
        key = m.query.lower()
        if not posts.get(key):
            continue
        words = {w.strip(".,").lower() for w in m.sentence.text.split()}
        if words & {"evacuated", "evacuate", "evacuation"} and words & HEDGES:
            posts[key].append(RoleReading(Role.DIPLOMATIC_POST, m.sentence, 0.6, status=PostStatus.AT_RISK))
        elif words & {"evacuated", "evacuate", "evacuation"} and not any(
            r.role == Role.DIPLOMATIC_POST for r in out[i]
        ):
            posts[key].append(RoleReading(Role.DIPLOMATIC_POST, m.sentence, 0.6, status=PostStatus.EVACUATED))
    owners = [r.owner for rs in posts.values() for r in rs if r.owner]
    usual_owner = max(set(owners), key=owners.count) if owners else None
    for i, rs in enumerate(out):
        key = mentions[i].query.lower()
        if not posts.get(key):
            continue
        statuses = [r.status for r in posts[key] if r.status is not None]
        best = min(statuses, key=STATUS_RANK.index) if statuses else None
        owner = next((r.owner for r in posts[key] if r.owner), usual_owner)
        out[i] = [
            replace(r, status=best or r.status, owner=r.owner or owner)
            if r.role == Role.DIPLOMATIC_POST
            else r
            for r in rs
        ]
