def addon_list(r): pass
def addon_detail(r, addon_id): pass
def addon_transition(r, addon_id, name): pass
