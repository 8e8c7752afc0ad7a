"""Domain events: what happened, told to the apps above the one where it happened.

Imports go one way (ADR 0010), so a lower app cannot call a higher one: when a leader decides a
need (koordinering), the message thread it came from (meldinger) must be answered, and the
people concerned (varsler) told. The service that makes the change sends the event inside its
transaction, after the rows are saved; receivers in higher apps connect in their
`AppConfig.ready()` and write their own rows in the same transaction (so the change and its
consequences commit or roll back together). Receivers never send e-mail or do slow work
themselves: they queue it with `felles.jobber.etter_commit`.

Every event is sent as `event.send(sender=<model class>, instance=<the object>, actor=<user>)`.
"""

from django.dispatch import Signal

behov_meldt = Signal()  # a Behovsmelding landed in a unit's leader queue
behov_besluttet = Signal()  # a Behovsmelding was decided (appointed, declined, covered, plan …)
oppnevning_opprettet = Signal()  # an Oppnevning: someone was appointed
oppgave_tildelt = Signal()  # an Oppgave (action item) was given to a group member
melding_mottatt = Signal()  # a Melding was delivered to its receiving unit
mote_innkalt = Signal()  # a Mote: members were called to a meeting
referat_godkjent = Signal()  # a Referat was approved
oppgave_utfort = Signal()  # an Oppgave was marked done
oppgave_fjernet = Signal()  # an Oppgave was removed from draft minutes (sent before deleting)
melding_lest = Signal()  # a Melding was read by its receiving unit
mandat_akseptert = Signal()  # an Oppnevning: the appointee accepted the written mandate
melding_videresendt = Signal()  # a Videresending: a thread was forwarded to another unit
mote_avlyst = Signal()  # a Mote was cancelled
tilgang_forespurt = Signal()  # a staff member without access asked their KE for a patient
innsyn_henvendt = Signal()  # an Innsynshenvendelse: a citizen asked a KE about a read or a block
innbyggermelding_sendt = Signal()  # an Innbyggermelding: staff wrote to the citizen (Min plan)
plan_publisert = Signal()  # a PlanVersjon: a new version of the plan was published
