# -*- coding: latin-1 -*-
GREETING = "Olá, mundo"
