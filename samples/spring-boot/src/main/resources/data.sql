-- The catalogue. INSERT IGNORE leaves the rows of an earlier start, and their stock, as they are.
INSERT IGNORE INTO products (id, name, price, stock) VALUES
    (1, 'Espresso beans, 1 kg', 24.90, 500),
    (2, 'Filter coffee, 500 g', 11.50, 800),
    (3, 'Green tea, 100 bags', 7.20, 1200),
    (4, 'Hand grinder', 59.00, 60),
    (5, 'Pour-over dripper', 18.00, 150),
    (6, 'Paper filters, 100', 4.50, 2000),
    (7, 'Milk frother', 34.00, 90),
    (8, 'Double-wall glass, 2 pack', 16.80, 300),
    (9, 'Gooseneck kettle', 45.00, 70),
    (10, 'Cocoa powder, 250 g', 6.90, 400),
    (11, 'Travel mug', 21.00, 250),
    (12, 'Descaler, 500 ml', 9.90, 600);
