"""The demo logins' second factor: a TOTP device with a key that is published in the README.

Signing in to Demokommune needs a code like everywhere else: there is no switch that turns the second
factor off, so none can be left on in production by mistake. The key is public, so the demo is no place
for real data (nor is its password `demo`). `tidlig demo_totp USERNAME` prints the current code for a
demo login; add the key to an authenticator app instead if you prefer.
"""

from __future__ import annotations

import base64
from binascii import unhexlify
from typing import TYPE_CHECKING

from django_otp.oath import TOTP

if TYPE_CHECKING:  # the models are imported where used, so bench/server.py can read the key without Django
    from django_otp.plugins.otp_totp.models import TOTPDevice

# "Tidlig-demo-TOTP-key"; base32 (for an authenticator app): KRUW I3DJ M4WW IZLN N4WV IT2U KAWW WZLZ
DEMO_TOTP_KEY = "5469646c69672d64656d6f2d544f54502d6b6579"
DEMO_TOTP_KEY_BASE32 = base64.b32encode(unhexlify(DEMO_TOTP_KEY)).decode()


def give_demo_devices(staff) -> None:
    """One confirmed TOTP device with the published key for each demo login."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.bulk_create(
        [TOTPDevice(user=s, name="Demo (offentlig nøgle)", key=DEMO_TOTP_KEY, confirmed=True) for s in staff]
    )


def current_code(device: TOTPDevice) -> str:
    """The code the device accepts now; the next one if this one was used (a code is accepted once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time = totp.time + (device.last_t + 1 - totp.t()) * device.step
    return f"{totp.token():0{device.digits}d}"


def mark_verified(client, user) -> None:
    """For in-process measurements (bench): a test client signed in with force_login gets its second
    factor as django_otp.login() records it, from the person's confirmed device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", key=DEMO_TOTP_KEY, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
