"""dtapi's JWS signing key (ES256) and the signatures made with it.

``keys`` loads the key and publishes its public half (PEM, JWK, JWK Set); ``jws`` signs and
verifies; ``keyfiles`` reads, generates and stores PEM files (no Django, usable from settings).
"""
