def home(request): pass
