#!/usr/bin/env python
from tidlig.__main__ import main

if __name__ == "__main__":
    main()
