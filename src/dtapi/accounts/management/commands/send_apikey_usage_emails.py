"""``dtapi send_apikey_usage_emails``: mail key owners a summary of their keys' recent use."""

from django.core.management.base import BaseCommand

from dtapi.accounts.usage import send_usage_emails


class Command(BaseCommand):
    help = "Mail the owner of each personal API key used lately how often and when it was used."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="the period (default: 7 days)")

    def handle(self, *args, **options):
        sent = send_usage_emails(days=options["days"])
        self.stdout.write(f"Sent {sent} API key usage mail(s)")
