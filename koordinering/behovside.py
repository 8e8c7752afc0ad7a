"""Page composition for the leader's decision page: the messages a need came from, with their
attachments, are held by meldinger (above koordinering; listed in the import contract)."""

from koordinering.models import Behovsmelding
from meldinger.selectors import meldinger_for_behov


def behov_meldinger(*, behovsmelding: Behovsmelding) -> list:
    return meldinger_for_behov(behovsmelding=behovsmelding)
