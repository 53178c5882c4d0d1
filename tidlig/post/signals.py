"""What the outbox tells the apps that queue letters. post imports no case app; the app that wrote a letter
listens (interventions turns a sent decision letter into its LetterSent, which starts the complaint period)."""

from django.dispatch import Signal

# Sent inside the transaction that records it, with letter=Letter, actor (the sender, or who recorded the paper
# post), method ("digital_post" or "letter"),
# sent_on (the local date). A receiver that raises rolls the sending back (the worker tries again).
letter_sent = Signal()
