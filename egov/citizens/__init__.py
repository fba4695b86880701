"""Citizens' and organisations' accounts for the online public services: registration, e-identity login
(OpenID Connect), profiles and organisation members.
"""
