"""A real OpenID Connect provider for the SSO tests: a tiny Django site with django-oauth-toolkit.

`serve.py` runs it in a subprocess (its own settings, SQLite in a temporary directory, an RSA key
made at start); `tests/oidc_provider/fixture.py` starts it for pytest. It stands in for a
municipality's Entra ID / AD FS or a broker in front of KOMBIT's adgangsstyring: its ID tokens carry
the persona's groups, municipality code and `acr`/`amr`.
"""
