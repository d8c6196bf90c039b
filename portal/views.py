from django.http import HttpResponse


def lookup(request):  # replaced by the portal work
    return HttpResponse("")
