"""Notices beyond the app: SMS through Kannel and WhatsApp through the Cloud API.

``text`` keeps messages inside one GSM-7 segment, ``messages`` holds what each message says,
``policy`` decides when a message may go (quiet hours, cost cap, backoff), ``kannel`` and
``whatsapp`` talk to the gateways, and ``worker`` claims and sends the outbox.
"""
