from django.urls import path

from . import views

urlpatterns = [
    path("signup/", views.SignUpView.as_view(), name="signup"),
    path("signup/done/", views.SignUpDoneView.as_view(), name="signup-done"),
    path("confirm-email/<str:token>/", views.ConfirmEmailView.as_view(), name="confirm-email"),
    path("me/", views.AccountView.as_view(), name="account"),
    path("me/email/", views.ChangeEmailView.as_view(), name="change-email"),
    path("me/name/", views.ChangeDisplayNameView.as_view(), name="change-display-name"),
    path("me/confirmation/", views.ResendConfirmationView.as_view(), name="resend-confirmation"),
    path("me/token/revoke/", views.RevokeTokenView.as_view(), name="revoke-token"),
    # Django's own, with a throttle and the lockout lifted (the rest: django.contrib.auth.urls).
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
