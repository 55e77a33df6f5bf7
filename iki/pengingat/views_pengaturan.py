"""Pengaturan pengingat: each user chooses the daily reminder mail or none (every role, for
itself only). Sending is ``manage.py kirim_pengingat``'s, never a web request's."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from iki.models import Pengguna
from iki.umum import akses


class FormPengingat(forms.ModelForm):
    class Meta:
        model = Pengguna
        fields = ["pengingat_surel"]
        widgets = {"pengingat_surel": forms.RadioSelect}
        labels = {"pengingat_surel": "Pengingat lewat surel"}


@require_http_methods(["GET", "POST"])
@akses.untuk("pengingat_pengaturan", tulis=True)
def pengingat_pengaturan(request):
    user: Pengguna = request.user
    form = FormPengingat(request.POST or None, instance=user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            pilihan = dict(Pengguna.PENGINGAT_CHOICES)[form.cleaned_data["pengingat_surel"]]
            messages.success(request, f"Pengaturan pengingat disimpan: {pilihan[0].lower() + pilihan[1:]}.")
            return redirect("pengingat_pengaturan")
    konteks = {
        "form": form,
        "tanpa_surel": not (user.email or "").strip(),
        "camat": user.peran == Pengguna.CAMAT,
        "boleh_kiriman": akses.boleh(user, "pengingat_kiriman"),
    }
    return render(request, "iki/pengingat/pengaturan.html", konteks, status=400 if form.errors else 200)
