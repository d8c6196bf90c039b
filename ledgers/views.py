from django.http import HttpResponse


def home(request):  # replaced by the ledger work
    return HttpResponse("")
