"""What every e-mail task shares."""

import smtplib

# Errors from the mail server or the network: tasks retry these with backoff.
EPOST_FEIL = (smtplib.SMTPException, OSError)
