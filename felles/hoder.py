"""Response headers every page gets (issue 14 point 9): no browser feature the product does not
use (Permissions-Policy), and nothing a logged-in person saw kept in a browser or proxy cache
(`Cache-Control: no-store, private`), so patient data is not left behind on a shared PC."""

from django.utils.cache import patch_cache_control

# The product uses none of these; a page (or anything injected into one) may not either.
PERMISSIONS_POLICY = ", ".join(
    f"{funksjon}=()"
    for funksjon in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class Sikkerhetshoder:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
