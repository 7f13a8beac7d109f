from django.urls import path

from . import views

# Included on both the platform host and every brand's host; each host issues its own tokens.
common = [
    path("login/", views.LoginView.as_view(), name="auth-login"),
    path("token/refresh/", views.TokenRefreshView.as_view(), name="auth-token-refresh"),
    path("logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("user/", views.UserDetailsView.as_view(), name="auth-user"),
]

platform_urlpatterns = common
tenant_urlpatterns = common + [path("register/", views.RegisterView.as_view(), name="auth-register")]
