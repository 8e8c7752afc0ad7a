from django.shortcuts import render

from koordinering.selectors import arbeidsrolle_for


def start(request):
    """The start page: who you are at work, and the screens of your role."""
    rolle = arbeidsrolle_for(user=request.user)
    return render(request, "koordinering/start.html", {"rolle": rolle})
