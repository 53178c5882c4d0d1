"""Pure rules of Barnets lov and local practice: plain Python over plain data, no Django.

Every function takes its clock and calendar as arguments and cites the paragraph it implements.
"""
