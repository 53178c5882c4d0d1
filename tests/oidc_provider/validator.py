from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class PersonaClaimsValidator(OAuth2Validator):
    """Put each persona's claims (groups, municipality code, acr, amr) in its ID token and userinfo."""

    oidc_claim_scope = None  # every claim whatever the scopes, as a configured Entra ID app would

    def get_additional_claims(self, request):
        user = request.user
        persona = settings.PERSONAS.get(user.username, {})
        return {
            "preferred_username": user.username,
            "email": user.email,
            "given_name": user.first_name,
            "family_name": user.last_name,
            **persona.get("claims", {}),
        }
