"""JWTs that are valid only in the schema they were issued in.

User id 7 — or any id — may exist in every schema, and a signature alone says nothing about
which brand issued a token (django-tenants #983, simplejwt #758). So every token carries the
schema of the host that issued it, and verifying a token on any other host fails: a token from
brand A is refused by brand B and by the platform host, and the reverse.
"""

from django.db import connection
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

SCHEMA_CLAIM = "schema"


class SchemaBoundMixin:
    def verify(self):
        super().verify()
        if self.payload.get(SCHEMA_CLAIM) != connection.schema_name:
            raise TokenError("Token was issued for another host.")


class SchemaBoundAccessToken(SchemaBoundMixin, AccessToken):
    pass


class SchemaBoundRefreshToken(SchemaBoundMixin, RefreshToken):
    access_token_class = SchemaBoundAccessToken

    @classmethod
    def for_user(cls, user):
        token = super().for_user(user)
        token[SCHEMA_CLAIM] = connection.schema_name
        token["role"] = user.role
        return token
