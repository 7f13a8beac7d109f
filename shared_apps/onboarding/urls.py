from django.urls import path

from .views import SignInLinksView, SignUpView, SlugCheckView

urlpatterns = [
    path("signup/", SignUpView.as_view(), name="signup"),
    path("signup/slug-check/", SlugCheckView.as_view(), name="signup-slug-check"),
    path("signin-links/", SignInLinksView.as_view(), name="signin-links"),
]
