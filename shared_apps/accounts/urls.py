from django.urls import path

from . import views

# Included on both the platform host and every brand's host; each host issues its own tokens.
common = [
    path("login/", views.LoginView.as_view(), name="auth-login"),
    path("token/refresh/", views.TokenRefreshView.as_view(), name="auth-token-refresh"),
    path("logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("user/", views.UserDetailsView.as_view(), name="auth-user"),
    path("password/reset/", views.PasswordResetView.as_view(), name="auth-password-reset"),
    path("password/reset/confirm/", views.PasswordResetConfirmView.as_view(), name="auth-password-reset-confirm"),
]

platform_urlpatterns = common
tenant_urlpatterns = common + [path("register/", views.RegisterView.as_view(), name="auth-register")]
