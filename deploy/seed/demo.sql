-- The demo doctor of the local stack (`make run`) and a small knowledge base. Idempotent.
INSERT INTO doctors (id, name, phone_number, email, specialization, clinic_name, clinic_address)
VALUES ('00000000-0000-4000-8000-000000000001', 'Dr. Asha Rao', '+91 98450 00001', 'asha.rao@example.com',
        'General Physician', 'Sunrise Family Clinic', '12 MG Road, Bengaluru 560001')
ON CONFLICT DO NOTHING;

INSERT INTO kb_entries (doctor_id, question, answer, keywords)
SELECT '00000000-0000-4000-8000-000000000001', q, a, k
FROM (VALUES
  ('What are your timings?',
   'Sunrise Family Clinic is open Monday to Saturday, 9:00 am to 1:00 pm and 5:00 pm to 8:00 pm. Closed on Sundays.',
   'timings hours open time'),
  ('Where is the clinic located?',
   'We are at 12 MG Road, Bengaluru 560001, next to the Metro station. Parking is available in the basement.',
   'address location where directions'),
  ('What is the consultation fee?',
   'The consultation fee is Rs. 500. Follow-up visits within 7 days are free.',
   'fee fees cost charges price'),
  ('How do I book an appointment?',
   'Reply with your preferred day and time, or call the front desk at +91 98450 00001 between 9 am and 8 pm.',
   'appointment book booking slot')
) AS kb(q, a, k)
WHERE NOT EXISTS (SELECT 1 FROM kb_entries WHERE doctor_id = '00000000-0000-4000-8000-000000000001');
