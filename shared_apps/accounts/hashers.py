from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idOwaspHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane.

    Django's own Argon2 defaults (100 MiB, 8 lanes) and PBKDF2 (1,000,000 rounds) cost 0.3–0.7 s
    of CPU per hash on our 2-core machines, most of a sign-up's or login's time budget; this
    costs ~0.07 s there and is memory-hard, which PBKDF2 is not. Existing PBKDF2 hashes still
    verify and are re-hashed with this on the next login (Django's hasher upgrade).
    """

    # algorithm stays "argon2": the hashes are standard Argon2 encodings, and Django re-hashes any
    # whose parameters differ from these on the next sign-in.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
