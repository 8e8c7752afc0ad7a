"""The data of the reminder benchmark (`bench/bench_paminnelser.py`): the demo organisations,
units and users, and the deadlines, seeded with set-based SQL (INSERT … SELECT generate_series).
Import it after `bench._oppsett.django_med_bench_database` has set up Django.

Exactly 1 % of the rows of every table is due today for one rule each (row number mod 100 = 37);
dates and the other states come from a hash of the row number, so a row is the same whatever
size is seeded. The other 99 % are not due in realistic ways, many of them inside the rules' date
windows, so the partial indexes and the anti-joins have to do the filtering: closed plans, plans
in draft, evaluations far ahead or long overdue; withdrawn consents, consents renewed by a
successor, expired long ago or valid for years; action items done, far ahead or long overdue;
meetings cancelled, in the future, with approved minutes, with minutes reopened (revision 2) or
too recent; messages answered or dealt with, without a deadline, not yet due or long overdue;
needs decided (appointed or declined) or pending but too new or long stale; appointments ended,
koordinatorer with training, too recent or kontaktlege. Inside the rules' date windows the
queries read and reject, per due row, about 5 renewed consents, 2 meetings with approved or
reopened minutes and 1 trained koordinator; in the other tables the partial indexes leave out
every row that is not due. Needed alongside: patients (20 % of the
deadline count: 200,000 at 1,000,000), one ansvarsgruppe per four meetings with two members,
minutes for every held meeting. Every CHECK and UNIQUE constraint holds (one open plan, one
pending need, one active appointment per role, one active group per patient and organisation),
but raw SQL does not run the model validators: the fødselsnumre are unique synthetic 11-digit
strings (month + 80) without valid check digits, and there are no history rows. VACUUM ANALYZE
after each size, as autovacuum would after a bulk load.
"""

import time

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from demo.oppsett import demo_brukere_opprett, demo_organisasjoner_opprett
from koordinering.models import Ansatt, Enhet, Medlemskap, Organisasjon
from varsler.regler import OPPLAERING_MAANEDER

# Share of the deadlines per source table, in percent.
ANDEL = {
    "plan": 15,
    "samtykke": 20,
    "oppgave": 25,
    "mote": 10,
    "melding": 15,
    "behov": 10,
    "oppnevning": 5,
}
PASIENTER_PROSENT = 20
GRUPPER_PER_MOTE = 4  # meetings per ansvarsgruppe
FORFALLER = 37  # row number mod 100 that is due today
IDAG = timezone.localdate()


def _r(x: str, salt: int, n: int) -> str:
    """A well-spread number 0 .. n-1 from the row number `x` (SQL)."""
    return f"mod(mod(hashint8extended(({x})::bigint, {salt}), {n}) + {n}, {n})::int"


def _kommune(p: str, navn: str) -> str:
    """Patient number p (0-based) lives in Fjordvik when even, in Åsdal when odd."""
    return f"CASE WHEN mod({p}, 2) = 0 THEN %({navn}_f)s ELSE %({navn}_a)s END"


def _kl(dato: str, klokke: str = "10:00") -> str:
    return f"(({dato}) + time '{klokke}') AT TIME ZONE 'Europe/Oslo'"


def _serie(tabell: str) -> str:
    return f"generate_series(%({tabell}_fra)s::bigint, %({tabell}_til)s::bigint - 1) AS i"


PASIENTER = f"""
INSERT INTO koordinering_pasient (id, fodselsnummer, fornavn, mellomnavn, etternavn, fodselsdato,
    adresse, postnummer, poststed, telefon, epost, foretrukket_spraak, tolkebehov,
    kulturelle_hensyn, opprettet, hjemkommune_id)
SELECT i + 1,
    lpad((1 + mod(i, 28))::text, 2, '0') || (81 + mod(i / 28, 12))::text
        || lpad(mod(25 + mod(i / 336, 100), 100)::text, 2, '0') || lpad((i / 33600)::text, 5, '0'),
    (ARRAY['Anne', 'Ola', 'Kari', 'Per', 'Ingrid', 'Nils', 'Sigrid', 'Emil', 'Astrid',
           'Jonas'])[1 + mod(i, 10)],
    '',
    (ARRAY['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Berg',
           'Haugen', 'Dahl', 'Moen'])[1 + mod(i / 10, 11)],
    make_date(1925 + mod(i / 336, 100)::int, 1 + mod(i / 28, 12)::int, 1 + mod(i, 28)::int),
    '', '', '', '', '', 'norsk', false, '', now(), {_kommune("i", "org")}
FROM {_serie("pasient")}
"""

PLANER = f"""
INSERT INTO individuellplan_individuellplan (id, pasient_id, eier_id, eier_enhet_id, status,
    avslutningsgrunn, periode_fra, periode_til, neste_evaluering, revisjon, ressurser, behov,
    opprettet, opprettet_av_id)
SELECT i + 1, i + 1, {_kommune("i", "org")}, {_kommune("i", "hjemme")},
    CASE WHEN k = {FORFALLER} THEN 'aktiv' WHEN k < 60 THEN 'avsluttet'
         WHEN k < 90 THEN 'aktiv' WHEN k < 95 THEN 'utkast' ELSE 'aktiv' END,
    CASE WHEN k <> {FORFALLER} AND k < 60 THEN 'Pasienten ønsket å avslutte planen' ELSE '' END,
    dato - 180, dato + 185, dato, NULL, '', '', now(), {_kommune("i", "koord")}
FROM (
    SELECT i, k, %(idag)s::date + CASE
        WHEN k = {FORFALLER} THEN {_r("i", 1, 45)} - 30          -- [-30, +14]: due
        WHEN k < 60 THEN {_r("i", 1, 2190)} - 1825              -- closed, any date
        WHEN k < 95 THEN 15 + {_r("i", 1, 351)}                 -- open, evaluation ahead
        ELSE -31 - {_r("i", 1, 370)} END AS dato                -- open, overdue long ago
    FROM (SELECT i, mod(i, 100)::int AS k FROM {_serie("plan")}) s
) t
"""

# Consents come in pairs per patient: row i is half i % 2 of pair i / 2. Pair class c = pair % 50:
# 7 due (the first half expires within [-30, +30] days, the second expired years ago);
# 0-4 renewed (the second half succeeds the first); 5-14 the first withdrawn; 15-34 the first
# expired long ago and the second valid for years or open-ended; 35-49 both expired long ago.
SAMTYKKER = f"""
INSERT INTO koordinering_samtykke (id, pasient_id, gjelder_planprosess, plandeler, gitt_av,
    gitt_av_navn, form, dokumentert_av_id, dokumentert_tid, gyldig_fra, gyldig_til, trukket_tid,
    trukket_grunn, trukket_registrert_av_id, merknad)
SELECT i + 1, j + 1, true, '["maal", "tiltak"]'::jsonb, 'pasienten', '', 'skriftlig',
    {_kommune("j", "koord")}, now(), fra, til,
    CASE WHEN trukket THEN now() - interval '10 days' END,
    CASE WHEN trukket THEN 'Pasienten trakk samtykket tilbake' ELSE '' END,
    CASE WHEN trukket THEN {_kommune("j", "koord")} END, ''
FROM (
    SELECT i, j, trukket, til, CASE
        WHEN c = 7 AND h = 1 THEN idag - 1500
        WHEN c < 5 AND h = 1 THEN t0 - 10
        WHEN c >= 5 AND c < 15 AND h = 1 THEN idag - 2000
        WHEN c >= 15 AND c < 35 AND h = 0 THEN idag - 1500
        WHEN c >= 15 AND c < 35 THEN idag - 799
        ELSE til - 365 END AS fra
    FROM (
        SELECT i, j, c, h, idag, t0, c >= 5 AND c < 15 AND c <> 7 AND h = 0 AS trukket, CASE
            WHEN (c = 7 OR c < 5) AND h = 0 THEN t0
            WHEN c = 7 THEN idag - 1100
            WHEN c < 5 THEN CASE WHEN mod(j / 50, 2) = 0 THEN NULL ELSE t0 + 730 END
            WHEN c < 15 AND h = 0 THEN idag + {_r("j", 3, 121)} - 60
            WHEN c < 15 THEN idag - 1700
            WHEN c < 35 AND h = 0 THEN idag - 800 - {_r("j", 4, 300)}
            WHEN c < 35 THEN CASE WHEN mod(j / 50, 3) = 0 THEN NULL
                                  ELSE idag + 31 + {_r("j", 5, 1000)} END
            ELSE idag - 31 - {_r("j", 6, 700)} - 400 * h END AS til
        FROM (
            SELECT i, i / 2 AS j, mod(i / 2, 50)::int AS c, mod(i, 2)::int AS h,
                %(idag)s::date AS idag, %(idag)s::date + {_r("i / 2", 2, 61)} - 30 AS t0
            FROM {_serie("samtykke")}
        ) s
    ) t
) u
"""

GRUPPER = f"""
INSERT INTO koordinering_ansvarsgruppe (id, pasient_id, organisasjon_id, leder_id, referent_id,
    opprettet, opprettet_av_id, avsluttet)
SELECT i + 1, i + 1, {_kommune("i", "org")}, {_kommune("i", "koord")}, NULL, now(),
    {_kommune("i", "koord")}, NULL
FROM {_serie("gruppe")}
"""

# Two members per group: 2g+1 the koordinator, 2g+2 the patient.
MEDLEMMER = f"""
INSERT INTO koordinering_gruppemedlem (id, type, ansatt_id, parorende_id, navn, organisasjon,
    rolle, gruppe_id, epost, fra, til)
SELECT 2 * i + 1 + h, CASE WHEN h = 0 THEN 'ansatt' ELSE 'pasient' END,
    CASE WHEN h = 0 THEN {_kommune("i", "koord")} END, NULL, '', '', '', i + 1, '',
    %(idag)s::date - 1000, NULL
FROM {_serie("gruppe")}, generate_series(0, 1) AS h
"""

# Meeting m belongs to group m / 4. m % 10 < 8: held (has minutes); 8: ahead; 9: cancelled.
# Held: m % 100 = 37 (so m % 10 = 7) due, minutes in draft 7-37 days after; else by a hash: 8 in
# 10 approved, 1 reopened (revision 2), 1 too recent (draft, 1-6 days ago).
MOTER = f"""
INSERT INTO koordinering_mote (id, gruppe_id, start, slutt, sted, videolenke, status, uid,
    sekvens, sendt_sekvens, innkalt_av_id)
SELECT m + 1, m / {GRUPPER_PER_MOTE} + 1, {_kl("dato")}, {_kl("dato")} + interval '1 hour',
    'Kommunehuset, møterom 2', '', CASE WHEN mod(m, 10) = 9 THEN 'avlyst' ELSE 'planlagt' END,
    gen_random_uuid(), 0, 0,
    {_kommune(f"m / {GRUPPER_PER_MOTE}", "koord")}
FROM (
    SELECT m, %(idag)s::date + CASE
        WHEN mod(m, 100) = {FORFALLER} THEN -7 - {_r("m", 8, 31)}
        WHEN mod(m, 10) < 8 AND {_r("m", 7, 10)} = 9 THEN -1 - {_r("m", 8, 6)}
        WHEN mod(m, 10) < 8 THEN -1 - {_r("m", 8, 1095)}
        WHEN mod(m, 10) = 8 THEN 1 + {_r("m", 8, 180)}
        ELSE -730 + {_r("m", 8, 820)} END AS dato
    FROM generate_series(%(mote_fra)s::bigint, %(mote_til)s::bigint - 1) AS m
) s
"""

REFERATER = f"""
INSERT INTO koordinering_referat (id, mote_id, status, revisjon, neste_mote, maalvurderinger,
    neste_evaluering, evaluering_id, godkjent, godkjent_av_id, pdf, pdf_revisjon, sendt_revisjon)
SELECT id, id, CASE WHEN NOT forfaller AND sub < 8 THEN 'godkjent' ELSE 'utkast' END,
    CASE WHEN NOT forfaller AND sub = 8 THEN 2 ELSE 1 END, '', '{{}}'::jsonb, NULL, NULL,
    CASE WHEN NOT forfaller AND sub < 9 THEN start + interval '2 days' END,
    CASE WHEN NOT forfaller AND sub < 9 THEN innkalt_av_id END, '', 0, 0
FROM (
    SELECT id, id - 1 AS m, start, innkalt_av_id, mod(id - 1, 100) = {FORFALLER} AS forfaller,
        {_r("id - 1", 7, 10)} AS sub
    FROM koordinering_mote WHERE id > %(mote_fra)s AND id <= %(mote_til)s
) s
WHERE mod(m, 10) < 8
"""

# Action item i belongs to the minutes of held meeting number (i * 8) / 25 (3-4 items each),
# and one of that group's two members is responsible.
OPPGAVER = f"""
INSERT INTO koordinering_oppgave (id, referat_id, beskrivelse, ansvarlig_id, frist, status)
SELECT i + 1, m + 1, 'Søke om støttekontakt og følge opp vedtaket',
    2 * (m / {GRUPPER_PER_MOTE}) + 1 + mod(i, 2),
    %(idag)s::date + CASE
        WHEN k = {FORFALLER} THEN {_r("i", 9, 34)} - 30         -- [-30, +3]: due
        WHEN k < 70 THEN {_r("i", 9, 1100)} - 1000              -- done, any date
        WHEN k < 90 THEN 4 + {_r("i", 9, 177)}                  -- open, ahead
        ELSE -31 - {_r("i", 9, 700)} END,                       -- open, overdue long ago
    CASE WHEN k <> {FORFALLER} AND k < 70 THEN 'utfort' ELSE 'aapen' END
FROM (
    SELECT i, mod(i, 100)::int AS k, (i * 8 / 25) / 8 * 10 + mod(i * 8 / 25, 8) AS m
    FROM {_serie("oppgave")}
) s
"""

# Messages about patient i: even rows from the hospital's medical department to Fjordvik's KE,
# odd rows from Åsdal's home care to the hospital's KE.
MELDINGER = f"""
INSERT INTO meldinger_melding (id, type, pasient_id, avsender_id, avsender_enhet_id,
    avsender_organisasjon_id, mottaker_enhet_id, mottaker_organisasjon_id, mottaker_ansatt_id,
    emne, tekst, prioritet, svarfrist, svar_paa_id, traad_id, status, sendt, levert, lest,
    lest_av_id, avsluttet, avsluttet_av_id, behandlet_merknad, innsending_id)
SELECT i + 1, type, i + 1,
    CASE WHEN ut THEN %(koord_s)s ELSE %(koord_a)s END,
    CASE WHEN ut THEN %(med_s)s ELSE %(hjemme_a)s END,
    CASE WHEN ut THEN %(org_s)s ELSE %(org_a)s END,
    CASE WHEN ut THEN %(ke_f)s ELSE %(ke_s)s END,
    CASE WHEN ut THEN %(org_f)s ELSE %(org_s)s END,
    NULL, 'Spørsmål om oppfølging etter utskrivning', 'Kan dere bekrefte hvem som følger opp?',
    'normal', svarfrist, NULL, NULL, status, sendt,
    CASE WHEN status <> 'sendt' THEN sendt + interval '1 minute' END,
    CASE WHEN status IN ('lest', 'besvart', 'behandlet') THEN sendt + interval '1 hour' END,
    CASE WHEN status IN ('lest', 'besvart', 'behandlet') THEN
        CASE WHEN ut THEN %(ke_ansatt_f)s ELSE %(ke_ansatt_s)s END END,
    CASE WHEN status IN ('besvart', 'behandlet') THEN sendt + interval '1 day' END,
    CASE WHEN status IN ('besvart', 'behandlet') THEN
        CASE WHEN ut THEN %(ke_ansatt_f)s ELSE %(ke_ansatt_s)s END END,
    '', NULL
FROM (
    SELECT i, ut, type, status, svarfrist,
        {_kl(f"coalesce(svarfrist, %(idag)s::date - {_r('i', 10, 365)}) - 3", "09:00")} AS sendt
    FROM (
        SELECT i, mod(i, 2) = 0 AS ut,
            CASE WHEN k >= 60 AND k < 75 THEN 'fritt_notat' ELSE 'dialog' END AS type,
            CASE WHEN k = {FORFALLER} THEN
                     CASE WHEN mod(i / 100, 2) = 0 THEN 'levert' ELSE 'lest' END
                 WHEN k < 60 THEN CASE WHEN mod(i, 3) = 0 THEN 'behandlet' ELSE 'besvart' END
                 WHEN k < 75 THEN 'lest'
                 ELSE (ARRAY['sendt', 'levert', 'lest'])[1 + mod(i / 100, 3)] END AS status,
            %(idag)s::date + CASE
                WHEN k = {FORFALLER} THEN -1 - {_r("i", 9, 30)}    -- [-30, -1]: due
                WHEN k < 60 THEN -1000 + {_r("i", 9, 1010)}        -- answered, any date
                WHEN k < 75 THEN NULL                              -- no deadline
                WHEN k < 90 THEN {_r("i", 9, 11)}                  -- waiting, not yet due
                ELSE -31 - {_r("i", 9, 335)} END AS svarfrist      -- overdue long ago
        FROM (SELECT i, mod(i, 100)::int AS k FROM {_serie("melding")}) s
    ) t
) u
"""

# Need report i, about patient i. Due: half koordinator needs pending 7-37 days, half
# kontaktlege needs past their deadline (made so that only that rule applies to them).
BEHOV = f"""
INSERT INTO koordinering_behovsmelding (id, pasient_id, enhet_id, organisasjon_id, behov,
    komplekse_behov, langvarige_behov, koordinerte_tjenester, alvorlig_sykdom,
    behandling_av_varighet, kontakttype, kontaktdato, frist, begrunnelse, meldt_av_id,
    opprettet, status, besluttet_tid, besluttet_av_id, avslagsgrunn, avslag_kommentar)
SELECT i + 1, i + 1,
    CASE WHEN lege THEN %(med_s)s ELSE {_kommune("i", "hjemme")} END,
    CASE WHEN lege THEN %(org_s)s ELSE {_kommune("i", "org")} END,
    CASE WHEN lege THEN 'kontaktlege' ELSE 'koordinator' END,
    true, true, false, lege, lege,
    CASE WHEN lege THEN 'innleggelse' ELSE '' END,
    CASE WHEN lege THEN dato END, CASE WHEN lege THEN dato + 1 END,
    'Trenger samordning av flere tjenester over tid.',
    CASE WHEN lege THEN %(koord_s)s ELSE {_kommune("i", "koord")} END,
    {_kl("dato")}, status,
    CASE WHEN status <> 'venter' THEN {_kl("dato")} + interval '3 days' END,
    CASE WHEN status <> 'venter' THEN
        CASE WHEN lege THEN %(leder_s)s ELSE {_kommune("i", "leder")} END END,
    CASE WHEN status = 'avslatt' THEN 'onsker_ikke' ELSE '' END, ''
FROM (
    SELECT i, lege,
        CASE WHEN k <> {FORFALLER} AND k < 80 THEN
            CASE WHEN mod(k, 2) = 0 THEN 'oppnevnt' ELSE 'avslatt' END
        ELSE 'venter' END AS status,
        %(idag)s::date + CASE
            WHEN k = {FORFALLER} AND NOT lege THEN -7 - {_r("i", 11, 31)}  -- [-37, -7]: due
            WHEN k = {FORFALLER} THEN -2 - {_r("i", 11, 5)}     -- deadline [-5, -1]: due
            WHEN k < 80 THEN -8 - {_r("i", 11, 1095)}           -- decided
            WHEN k < 90 THEN -{_r("i", 11, 7)}                  -- pending, too new
            ELSE -38 - {_r("i", 11, 700)} END AS dato           -- pending, stale
    FROM (
        SELECT i, k, (k = {FORFALLER} AND mod(i / 100, 2) = 1)
            OR (k <> {FORFALLER} AND k < 80 AND mod(i / 100, 3) = 0) AS lege
        FROM (SELECT i, mod(i, 100)::int AS k FROM {_serie("behov")}) s
    ) t
) u
"""

# Appointment i, for patient i: koordinator in the patient's kommune; rows 90-99 kontaktlege.
OPPNEVNINGER = f"""
INSERT INTO koordinering_oppnevning (id, pasient_id, ansatt_id, organisasjon_id, enhet_id, rolle,
    behovsmelding_id, erstatter_id, mandat, startdato, pasientens_onsker_hort,
    pasient_informert_dato, frist, oppnevnt_av_id, opprettet, sluttdato, sluttgrunn)
SELECT i + 1, i + 1,
    CASE WHEN lege THEN %(lege_s)s
         WHEN k = {FORFALLER} OR k >= 80 THEN {_kommune("i", "ny")}
         ELSE {_kommune("i", "koord")} END,
    CASE WHEN lege THEN %(org_s)s ELSE {_kommune("i", "org")} END,
    CASE WHEN lege THEN %(med_s)s ELSE {_kommune("i", "hjemme")} END,
    CASE WHEN lege THEN 'kontaktlege' ELSE 'koordinator' END,
    NULL, NULL, 'Samordne tjenestene og holde kontakt med pasient og pårørende.', start, true,
    start, NULL, CASE WHEN lege THEN %(leder_s)s ELSE {_kommune("i", "leder")} END, now(),
    CASE WHEN slutt THEN start + 300 END,
    CASE WHEN slutt THEN 'Behovet er dekket' ELSE '' END
FROM (
    SELECT i, k, k >= 90 AS lege, k <> {FORFALLER} AND k < 50 AS slutt, CASE
        WHEN k = {FORFALLER} THEN %(siste_start)s::date - {_r("i", 12, 31)}    -- due
        WHEN k < 50 THEN %(idag)s::date - 400 - {_r("i", 12, 1500)}          -- ended
        WHEN k < 80 THEN %(idag)s::date - {_r("i", 12, 1095)}                -- trained
        WHEN k < 90 THEN %(siste_start)s::date + 1 + {_r("i", 12, "%(nylig)s")}  -- too recent
        ELSE %(idag)s::date - {_r("i", 12, 1095)} END AS start               -- kontaktlege
    FROM (SELECT i, mod(i, 100)::int AS k FROM {_serie("oppnevning")}) s
) t
"""

TABELLER = [
    # (key, SQL, table with the explicit ids to move the sequence past)
    ("pasient", PASIENTER, "koordinering_pasient"),
    ("gruppe", GRUPPER, "koordinering_ansvarsgruppe"),
    ("gruppe", MEDLEMMER, "koordinering_gruppemedlem"),
    ("mote", MOTER, "koordinering_mote"),
    ("mote", REFERATER, "koordinering_referat"),
    ("oppgave", OPPGAVER, "koordinering_oppgave"),
    ("plan", PLANER, "individuellplan_individuellplan"),
    ("samtykke", SAMTYKKER, "koordinering_samtykke"),
    ("melding", MELDINGER, "meldinger_melding"),
    ("behov", BEHOV, "koordinering_behovsmelding"),
    ("oppnevning", OPPNEVNINGER, "koordinering_oppnevning"),
]


def _antall(frister: int) -> dict[str, int]:
    """Rows per table for `frister` deadlines."""
    antall = {navn: frister * prosent // 100 for navn, prosent in ANDEL.items()}
    antall["pasient"] = frister * PASIENTER_PROSENT // 100
    antall["gruppe"] = antall["mote"] // GRUPPER_PER_MOTE
    return antall


def faste_rader() -> dict:
    """The demo organisations, units and users, and two koordinatorer without training."""
    organisasjoner = demo_organisasjoner_opprett()
    demo_brukere_opprett(organisasjoner)
    User = get_user_model()
    orgs = {
        kort: Organisasjon.objects.get(organisasjonsnummer=nummer)
        for kort, nummer in [("f", "964000018"), ("a", "964000026"), ("s", "983000010")]
    }

    def enhet(kort: str, navn: str) -> int:
        return Enhet.objects.get(organisasjon=orgs[kort], navn=navn).pk

    def ansatt(brukernavn: str) -> int:
        return Ansatt.objects.get(bruker__username=brukernavn).pk

    nye = {}
    for kort in ("f", "a"):
        bruker, _ = User.objects.get_or_create(
            username=f"bench.koordinator.{kort}",
            defaults={"first_name": "Uten", "last_name": "Opplæring", "email": f"{kort}@ex.no"},
        )
        ny, _ = Ansatt.objects.get_or_create(
            bruker=bruker,
            defaults={"organisasjon": orgs[kort], "yrke": Ansatt.Yrke.SYKEPLEIER},
        )
        Medlemskap.objects.get_or_create(ansatt=ny, enhet_id=enhet(kort, "Hjemmetjenesten"))
        nye[kort] = ny.pk
    return {
        **{f"org_{k}": o.pk for k, o in orgs.items()},
        "hjemme_f": enhet("f", "Hjemmetjenesten"),
        "hjemme_a": enhet("a", "Hjemmetjenesten"),
        "ke_f": enhet("f", "Koordinerende enhet"),
        "ke_s": enhet("s", "Koordinerende enhet"),
        "med_s": enhet("s", "Medisinsk avdeling"),
        "koord_f": ansatt("koordinator.kommune"),
        "koord_a": ansatt("koordinator.kommune2"),
        "koord_s": ansatt("koordinator.sykehus"),
        "leder_f": ansatt("leder.kommune"),
        "leder_a": ansatt("leder.kommune2"),
        "leder_s": ansatt("leder.sykehus"),
        "ke_ansatt_f": ansatt("ke.kommune"),
        "ke_ansatt_s": ansatt("ke.sykehus"),
        "lege_s": ansatt("kontaktlege.sykehus"),
        "ny_f": nye["f"],
        "ny_a": nye["a"],
    }


def historikk_en_time_tilbake() -> None:
    """Date the set-up's history rows an hour back, as if the organisation had been registered
    earlier: an idle tick is one where nothing changed in the last minutes."""
    with connection.cursor() as cursor:
        for modell in apps.get_models():
            if any(felt.name == "history_date" for felt in modell._meta.fields):
                cursor.execute(
                    f"UPDATE {modell._meta.db_table} "  # noqa: S608 -- table names from the models
                    "SET history_date = history_date - interval '1 hour'"
                )


def seed_frister(fra_frister: int, til_frister: int, faste: dict) -> float:
    """Grow the deadlines from `fra_frister` to `til_frister`; seconds, VACUUM ANALYZE included."""
    siste_start = IDAG - relativedelta(months=OPPLAERING_MAANEDER)
    fra, til = _antall(fra_frister), _antall(til_frister)
    parametre = {
        **faste,
        "idag": IDAG,
        "siste_start": siste_start,
        "nylig": (IDAG - siste_start).days,
        **{f"{navn}_fra": n for navn, n in fra.items()},
        **{f"{navn}_til": n for navn, n in til.items()},
    }
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for _navn, sql, tabell in TABELLER:
            cursor.execute(sql, parametre)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabell}', 'id'), "
                f"(SELECT max(id) FROM {tabell}))"
            )
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - start
