from django.http import HttpResponse


def worklist(request):
    return HttpResponse("ok")
