// ProfileGANPrivacy: see README.md in this folder. (Scaffold file; removed once the module has real sources.)
